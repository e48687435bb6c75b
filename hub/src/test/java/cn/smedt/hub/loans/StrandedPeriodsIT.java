package cn.smedt.hub.loans;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.messaging.Outbox;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Interest periods whose decision message is stranded on a node that died (its broker journal names no live node) are
 * taken over by a live node at its next sweep and decided once; those of a live node are left to it until their
 * message is older than {@code hub.messaging.requeue-after}; of two sweeps at once each record is claimed by one; and a
 * period decided by two consumers at once gets one decision and one ledger grant; a delivery that a node was retrying
 * when it died is taken over by the same sweep and made from a live node. Rows are written as a node that accepted the
 * period and died before (or after) queueing it would have left them.
 */
@HubIT
class StrandedPeriodsIT {

    static final String PILOT = "91410000170001401D";
    static final String DEAD_JOURNAL = "journal-of-a-node-that-died";
    static final LocalDate LOAN_START = LocalDate.of(2024, 3, 1);

    /** The bank's webhook. */
    static final WireMockServer BANK = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @HubIT.Settings
    static void node(HubNode node) {
        BANK.start();
        BANK.stubFor(post("/bank-zz/webhook").willReturn(aResponse().withStatus(204)));
        node.set("hub.messaging.sweep-interval", "PT1S");
        node.partner(BANK_ZZ, "webhook-url", BANK.baseUrl() + "/bank-zz/webhook");
    }

    @AfterAll
    static void stop() {
        BANK.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Outbox outbox;

    @Autowired
    ProducerTemplate template;

    @Autowired
    InterestSubsidyDecider decider;

    String loanId;

    @BeforeEach
    void loan() throws Exception {
        loanId = LoanSubsidyIT.pilotLoan(HubNode.url(port), jdbc, PILOT, LOAN_START);
    }

    @Test
    void periodsOfADeadNodeAreTakenOverAtOnceThoseOfALiveNodeOnlyWhenTheirMessageIsOld() {
        Instant now = Instant.now();
        String live = storeWaiting(0, outbox.localNode(), now);
        String dead = storeWaiting(1, DEAD_JOURNAL, now);

        await().atMost(Duration.ofSeconds(30)).until(() -> decisions(dead) == 1);
        assertThat(jdbc.queryForObject("select queued_on from outbox where message_id = ?", String.class,
                dead)).isEqualTo(outbox.localNode());
        // several sweeps have run since: the live node's period keeps waiting for its own message
        assertThat(decisions(live)).isZero();
        // (not claimed either: a claim stamps the time of the claim)
        assertThat(jdbc.queryForObject("select queued_at from outbox where message_id = ?", Timestamp.class,
                live).toInstant()).isBetween(now.minusMillis(1), now.plusMillis(1));

        // its message lost on the live node: taken over once it is older than requeue-after (PT2M)
        jdbc.update("update outbox set queued_at = ? where message_id = ?",
                Timestamp.from(now.minus(Duration.ofHours(1))), live);
        await().atMost(Duration.ofSeconds(30)).until(() -> decisions(live) == 1);
    }

    @Test
    void ofTwoSweepsAtOnceEachStrandedPeriodIsClaimedByOne() throws Exception {
        List<String> stranded = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stranded.add(storeWaiting(10 + i, DEAD_JOURNAL, Instant.now()));
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService sweepers = Executors.newFixedThreadPool(2);
        List<Future<List<Outbox.Message>>> claims = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            claims.add(sweepers.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return outbox.takeOver(Duration.ofMinutes(2), 20, 1000);
            }));
        }
        Set<String> first = ids(claims.get(0).get(30, TimeUnit.SECONDS));
        Set<String> second = ids(claims.get(1).get(30, TimeUnit.SECONDS));
        sweepers.shutdown();
        // (either may be empty when this node's own scheduled sweep got there first)
        assertThat(java.util.Collections.disjoint(first, second)).as(first + " and " + second).isTrue();
        // this node's own scheduled sweep may have claimed (and queued) some as well; queue the ones claimed here
        first.forEach(this::send);
        second.forEach(this::send);
        await().atMost(Duration.ofSeconds(60)).until(() -> stranded.stream().allMatch(p -> decisions(p) == 1));
    }

    @Test
    void aPeriodDecidedByTwoConsumersAtOnceIsDecidedOnce() throws Exception {
        String period = storeWaiting(60, outbox.localNode(), Instant.now());
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        List<Future<String>> answers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            answers.add(consumers.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return decider.decide(period);
            }));
        }
        int lost = 0;
        for (Future<String> answer : answers) {
            try {
                answer.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // the loser's transaction rolled back on the unique decision (its route then runs it once more)
                assertThat(e.getCause()).isInstanceOf(DataAccessException.class);
                lost++;
            }
        }
        consumers.shutdown();
        assertThat(lost).isLessThan(2);
        String decision = jdbc.queryForObject("select decision_id from subsidy_decision where record_id = ?",
                String.class, period);
        assertThat(jdbc.queryForObject("select count(*) from ledger_grant where record_id = ?", Long.class, period))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select status from interest_period where period_id = ?", String.class,
                period)).isEqualTo("DECIDED");
        // the loser's second run (or any later message of the period) finds the decision and makes no other
        String again = decider.decide(period);
        assertThat(again == null || again.equals(decision)).as(again).isTrue();
        assertThat(decisions(period)).isEqualTo(1);
    }

    @Test
    void aDeliveryOfADeadNodeIsTakenOverAtOnceAndMade() {
        String period = storeWaiting(70, DEAD_JOURNAL, Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> decisions(period) == 1);
        String decision = jdbc.queryForObject("select decision_id from subsidy_decision where record_id = ?",
                String.class, period);
        String delivery = decision + "/PARTNER:bank-zz";
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(jdbc.queryForObject(
                "select status from outbox where message_id = ?", String.class, delivery)));

        // as a node leaves a delivery it was retrying when it died: its message is in that node's journal
        jdbc.update("update outbox set status = 'RETRYING', attempts = 1, queued_on = ? where message_id = ?",
                DEAD_JOURNAL, delivery);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(jdbc.queryForObject(
                "select status from outbox where message_id = ?", String.class, delivery)));
        assertThat(jdbc.queryForObject("select queued_on from outbox where message_id = ?", String.class, delivery))
                .isEqualTo(outbox.localNode());
        BANK.verify(2, postRequestedFor(urlEqualTo("/bank-zz/webhook")).withHeader("Idempotency-Key",
                equalTo(decision)));
    }

    /** An accepted period as a node leaves it when it dies around the queueing of its decision message. */
    String storeWaiting(int month, String journal, Instant queuedAt) {
        String id = "IP" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        LocalDate from = LOAN_START.plusMonths(month);
        jdbc.update("""
                insert into interest_period (period_id, loan_id, period_start, period_end, outstanding_principal,
                                             interest_paid, paid_on, status, submitted_at)
                values (?, ?, ?, ?, 1000000.00, 3186.11, ?, 'RECEIVED', ?)""",
                id, loanId, Date.valueOf(from), Date.valueOf(from.plusMonths(1)), Date.valueOf(from.plusMonths(1)),
                Timestamp.from(queuedAt));
        jdbc.update("""
                insert into outbox (message_id, endpoint, body, pinned, status, attempts, queued_on, queued_at,
                                    created_at, updated_at)
                values (?, ?, ?, false, 'PENDING', 0, ?, ?, ?, ?)""", id, InterestSubsidyDecider.QUEUE, id, journal,
                Timestamp.from(queuedAt), Timestamp.from(queuedAt), Timestamp.from(queuedAt));
        return id;
    }

    /** Queues a claimed period on this node, as the sweep does. */
    void send(String periodId) {
        template.sendBodyAndHeader(InterestSubsidyDecider.QUEUE, periodId, Outbox.ID_HEADER, periodId);
    }

    static Set<String> ids(List<Outbox.Message> messages) {
        return messages.stream().map(Outbox.Message::id).collect(java.util.stream.Collectors.toSet());
    }

    long decisions(String periodId) {
        return jdbc.queryForObject("select count(*) from subsidy_decision where record_id = ?", Long.class, periodId);
    }
}
