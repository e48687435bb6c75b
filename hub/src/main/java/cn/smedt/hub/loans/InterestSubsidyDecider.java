package cn.smedt.hub.loans;

import cn.smedt.hub.delivery.Deliveries;
import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.ledger.SubsidyLedger;
import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import cn.smedt.hub.messaging.WaitingQueueRouteConfiguration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides the interest subsidy of one period: the policy's eligible amount (LPR on the loan date x days / 360,
 * at most the interest paid, inside the first years of the loan), then the enterprise's cap across all banks and
 * loans through the {@link SubsidyLedger}. Idempotent per period: a redelivered period returns its decision.
 * <p>
 * Its input is the durable queue {@value #QUEUE} (body: period ids): a period's message is
 * {@link #requestDecision written} through the {@link Outbox} with the period (the periods of a batch job's chunk
 * share one) and relayed after the commit; the route {@link DecisionRoute} takes it to {@link #decideMessage}, whose
 * deliveries are written with the decisions.
 */
@Component
public class InterestSubsidyDecider {

    /** The durable queue of interest periods waiting for their decision (body: their ids, {@link Outbox#recordsOf}). */
    static final String QUEUE = "jms:queue:loans.interest-periods";
    static final String KIND = "INTEREST";
    private static final Logger LOG = LoggerFactory.getLogger(InterestSubsidyDecider.class);

    private final LoanRepository loans;
    private final SubsidyDecisions decisions;
    private final InterestPolicy policy;
    private final SubsidyLedger ledger;
    private final Deliveries deliveries;
    private final Outbox outbox;
    private final Clock clock;
    /** The decisions of one message and its done mark, one transaction ({@link #decideMessage}). */
    private final TransactionTemplate transaction;

    InterestSubsidyDecider(LoanRepository loans, SubsidyDecisions decisions, InterestPolicy policy,
                           SubsidyLedger ledger, Deliveries deliveries, Outbox outbox, Clock clock,
                           TransactionTemplate transaction) {
        this.transaction = transaction;
        this.outbox = outbox;
        this.loans = loans;
        this.decisions = decisions;
        this.policy = policy;
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /**
     * Queues the period for its decision, in the period's transaction: the periods of one transaction (a batch job's
     * chunk) share one message ({@link Outbox#writeGathered}), decided together.
     */
    void requestDecision(String periodId) {
        outbox.writeGathered(QUEUE, periodId);
    }

    /**
     * From the queue to the decisions, in the message's JMS transaction, with {@code hub.loans.decision-consumers}
     * (1) concurrent consumers: periods may be decided in any order and at once (a period's decision is unique and
     * idempotent, the enterprise's cap is taken in one Hazelcast entry processor per account and message). One by
     * default: on 2 cores four made a running batch job 4 times slower without deciding faster (docs/benchmarks.md).
     */
    @Component
    static class DecisionRoute extends RouteBuilder {

        /** {@code hub.loans.decision-consumers} (1): concurrent consumers of {@value #QUEUE}. */
        private final int consumers;

        DecisionRoute(@org.springframework.beans.factory.annotation.Value("${hub.loans.decision-consumers:1}")
                      int consumers) {
            this.consumers = consumers;
        }

        @Override
        public void configure() {
            from(QUEUE + "?concurrentConsumers=" + consumers).routeId("decideInterestSubsidy")
                    // a lost race for the record's decision is run again at once; any other failure: queued work
                    .routeConfigurationId(WaitingQueueRouteConfiguration.ID + "," + QueuedWorkRouteConfiguration.ID)
                    .bean(Outbox.class, "attempt")
                    // the decisions' deliveries are written with them (outbox) and queued once they commit; the
                    // message is marked done in the same transaction
                    .bean(InterestSubsidyDecider.class, "decideMessage");
        }
    }

    /**
     * {@link #decideAll} for the periods of the message {@code messageId} (route step: one period, or the periods of
     * a batch job's chunk), which is marked done in the decisions' own transaction: one commit for the decisions, their
     * deliveries and their message, not a second one after it. When a message of several periods fails (one period
     * that cannot be decided fails them all), it is split into one message per period ({@link Outbox#split}), each
     * then decided, retried and dead-lettered on its own; a lost race for a decision is thrown as it is (the route
     * runs the message again at once), and so is the failure when the split fails too (the storage is down: the
     * broker redelivers the message).
     */
    public void decideMessage(@Body String body, @Header(Outbox.ID_HEADER) String messageId) {
        List<String> periodIds = Outbox.recordsOf(body);
        try {
            transaction.executeWithoutResult(status -> {
                decideAll(periodIds);
                outbox.done(messageId);
            });
        } catch (RuntimeException e) {
            if (periodIds.size() == 1 || e instanceof DuplicateKeyException) {
                throw e;
            }
            try {
                outbox.split(messageId, QUEUE, periodIds);
            } catch (RuntimeException split) {
                e.addSuppressed(split);
                throw e;
            }
            LOG.warn("the {} interest periods of message {} could not be decided together ({}); queued one by one",
                    periodIds.size(), messageId, e.toString());
        }
    }

    /** The decision's id when it has deliveries to make, null when there is nothing (more) to deliver. */
    @Transactional
    public String decide(@Body String periodId) {
        List<String> open = decideAll(List.of(periodId));
        return open.isEmpty() ? null : open.get(0);
    }

    /**
     * Decides the periods not decided yet, in the caller's transaction, their grants in one ledger call
     * ({@link SubsidyLedger#grantAll}); a period not found is dropped (its transaction rolled back after it asked
     * for its decision). The ids of the decisions with deliveries to make: those made now, and those made before
     * whose deliveries are not all made (redelivered; the outbox's sweep re-sends a lost one).
     */
    @Transactional
    public List<String> decideAll(List<String> periodIds) {
        List<String> open = new ArrayList<>();
        Map<String, InterestPeriod> periods = loans.periods(periodIds);
        Map<String, SubsidyDecisionRecord> earlier = decisions.decisionsFor(periods.keySet(), KIND);
        Map<String, Loan> loansById = loans.loans(periods.values().stream().map(InterestPeriod::loanId)
                .collect(Collectors.toSet()));
        List<Undecided> undecided = new ArrayList<>();
        for (String periodId : new LinkedHashSet<>(periodIds)) {
            InterestPeriod period = periods.get(periodId);
            if (period == null) {
                LOG.warn("interest period {} not found; its transaction was rolled back", periodId);
                continue;
            }
            SubsidyDecisionRecord made = earlier.get(periodId);
            if (made != null) {
                if (deliveries.pending(made.decisionId())) {
                    open.add(made.decisionId());
                }
                continue;
            }
            Loan loan = loansById.get(period.loanId());
            undecided.add(new Undecided(period, loan, policy.calculate(loan, period)));
        }
        List<Grant> grants = ledger.grantAll(KIND, undecided.stream().map(u -> new SubsidyLedger.Request(
                u.loan().uscc(), u.period().periodId(), u.calc().eligible(), u.calc().terms().cap())).toList());
        List<SubsidyDecisionRecord> made = new ArrayList<>(undecided.size());
        for (int i = 0; i < undecided.size(); i++) {
            made.add(decision(undecided.get(i), grants.get(i)));
        }
        if (!made.isEmpty()) {
            decisions.insertAll(made);
            loans.markDecided(made.stream().map(SubsidyDecisionRecord::recordId).toList());
        }
        for (SubsidyDecisionRecord decision : made) {
            deliveries.plan(decision.decisionId(), decision.partnerId());
            open.add(decision.decisionId());
        }
        return open;
    }

    /** A period to decide: its loan and the policy's calculation. */
    private record Undecided(InterestPeriod period, Loan loan, InterestPolicy.Calculation calc) {
    }

    /** The period's decision with its grant. */
    private SubsidyDecisionRecord decision(Undecided u, Grant grant) {
        Loan loan = u.loan();
        InterestPolicy.Calculation calc = u.calc();
        return new SubsidyDecisionRecord(
                SubsidyDecisions.newDecisionId(), u.period().periodId(), KIND,
                loan.uscc(), loan.regionCode(), loan.loanId(), loan.bankId(), calc.terms().policyId(),
                calc.terms().version(), calc.terms().ruleId(), calc.eligible(), grant.granted(), grant.capRemaining(),
                reasonOf(calc, grant), calc.detail(), clock.instant());
    }

    private static String reasonOf(InterestPolicy.Calculation calc, Grant grant) {
        if (calc.eligible().signum() == 0) {
            return calc.reasonCode();
        }
        if (grant.granted().signum() == 0) {
            return "cap-exhausted";
        }
        return grant.capped() ? "cap-remainder-granted" : "granted";
    }
}
