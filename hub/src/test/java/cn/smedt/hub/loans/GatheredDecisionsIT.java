package cn.smedt.hub.loans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The interest periods one transaction accepts (a batch job's chunk) ask for their decisions in one message, decided in
 * one transaction with one ledger run per enterprise; a period that cannot be decided fails the message's other
 * periods only once: the message is split into one per period, the others are decided, and the bad one makes its
 * attempts alone (toward the dead-letter queue) with nothing stored for it.
 */
@HubIT
class GatheredDecisionsIT {

    private static final String PILOT = "91410000170001401D";
    private static final LocalDate LOAN_START = LocalDate.of(2024, 3, 1);

    @HubIT.Settings
    static void node(HubNode node) {
        // the bad period's attempts follow one another quickly, so the test sees several
        node.set("hub.messaging.redelivery-delay", "PT0.2S");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    InterestSubsidyDecider decider;

    @Autowired
    MeterRegistry meters;

    String loanId;

    @BeforeEach
    void loan() throws Exception {
        loanId = LoanSubsidyIT.pilotLoan(HubNode.url(port), jdbc, PILOT, LOAN_START);
    }

    @Test
    void thePeriodsOfOneTransactionAreDecidedFromOneMessage() {
        double counted = decided();
        List<String> periods = acceptTogether("3186.11", "3186.11", "3186.11", "3186.11");

        await().atMost(Duration.ofSeconds(60)).until(() -> periods.stream().allMatch(p -> decisions(p) == 1));
        String message = periods.get(0) + "+" + (periods.size() - 1);
        assertThat(jdbc.queryForObject("select records from outbox where message_id = ?", String.class, message))
                .isEqualTo(String.join(" ", periods));
        assertThat(jdbc.queryForObject("select status from outbox where message_id = ?", String.class, message))
                .isEqualTo("DELIVERED");
        assertThat(jdbc.queryForObject("select count(*) from outbox where message_id in (?, ?, ?, ?)", Long.class,
                periods.toArray())).as("no message of its own for any period").isZero();
        assertThat(jdbc.queryForObject("select count(*) from ledger_grant where record_id in (?, ?, ?, ?)",
                Long.class, periods.toArray())).isEqualTo(periods.size());
        assertThat(jdbc.queryForObject("select count(*) from interest_period where status = 'DECIDED'"
                + " and period_id in (?, ?, ?, ?)", Long.class, periods.toArray())).isEqualTo(periods.size());
        // counted once their transaction committed, just after the rows became visible
        await().atMost(Duration.ofSeconds(10)).until(() -> decided() - counted >= periods.size());
        // asked again (a redelivery), each period keeps its one decision
        decider.decideAll(periods);
        assertThat(periods).allMatch(p -> decisions(p) == 1);
        assertThat(decided() - counted).as("hub_subsidy_decisions_total: each decision counted once")
                .isEqualTo(periods.size());
    }

    @Test
    void aPeriodThatCannotBeDecidedCostsTheOthersOneAttemptAndThenFailsAlone() {
        // a negative interest paid (the intake refuses it; stored here as a defect would): the calculation fails
        double counted = decided();
        List<String> periods = acceptTogether("3186.11", "-1.00", "3186.11");
        String bad = periods.get(1);

        await().atMost(Duration.ofSeconds(60)).until(() -> decisions(periods.get(0)) == 1
                && decisions(periods.get(2)) == 1);
        String message = periods.get(0) + "+2";
        assertThat(jdbc.queryForObject("select status from outbox where message_id = ?", String.class, message))
                .isEqualTo("DELIVERED");
        // the bad period now has its own message, attempted again and again
        await().atMost(Duration.ofSeconds(60)).until(() -> attempts(bad) >= 2);
        assertThat(decisions(bad)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from ledger_grant where record_id = ?", Long.class, bad))
                .isZero();
        assertThat(jdbc.queryForObject("select status from interest_period where period_id = ?", String.class,
                bad)).isEqualTo("RECEIVED");
        // the good ones were decided once, by their own messages after the split
        assertThat(jdbc.queryForObject("select count(*) from ledger_grant where record_id in (?, ?)", Long.class,
                periods.get(0), periods.get(2))).isEqualTo(2);
        assertThat(decided() - counted).as("counted once committed: the rolled-back attempts count nothing")
                .isEqualTo(2);
    }

    /** The interest decisions counted so far ({@code hub_subsidy_decisions_total}). */
    private double decided() {
        var counter = meters.find("hub.subsidy.decisions").tag("kind", "INTEREST").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Stores monthly periods of the loan with these interest amounts in one transaction, each asking its decision. */
    private List<String> acceptTogether(String... interestPaid) {
        List<String> ids = new ArrayList<>();
        int first = jdbc.queryForObject("select count(*) from interest_period where loan_id = ?", Integer.class,
                loanId);
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < interestPaid.length; i++) {
                String id = "IP" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
                LocalDate from = LOAN_START.plusMonths(first + i);
                jdbc.update("""
                        insert into interest_period (period_id, loan_id, period_start, period_end,
                                                     outstanding_principal, interest_paid, paid_on, status,
                                                     submitted_at)
                        values (?, ?, ?, ?, 1000000.00, ?, ?, 'RECEIVED', ?)""",
                        id, loanId, Date.valueOf(from), Date.valueOf(from.plusMonths(1)),
                        new java.math.BigDecimal(interestPaid[i]), Date.valueOf(from.plusMonths(1)),
                        Timestamp.from(Instant.now()));
                decider.requestDecision(id);
                ids.add(id);
            }
        });
        return ids;
    }

    private long decisions(String periodId) {
        return jdbc.queryForObject("select count(*) from subsidy_decision where record_id = ?", Long.class, periodId);
    }

    private int attempts(String periodId) {
        List<Integer> attempts = jdbc.queryForList("select attempts from outbox where message_id = ?", Integer.class,
                periodId);
        return attempts.isEmpty() ? 0 : attempts.get(0);
    }
}
