package cn.smedt.hub.loans;

import cn.smedt.hub.delivery.Deliveries;
import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.ledger.SubsidyLedger;
import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import cn.smedt.hub.messaging.WaitingQueueRouteConfiguration;
import java.time.Clock;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides the interest subsidy of one period: the policy's eligible amount (LPR on the loan date x days / 360,
 * at most the interest paid, inside the first years of the loan), then the enterprise's cap across all banks and
 * loans through the {@link SubsidyLedger}. Idempotent per period: a redelivered period returns its decision.
 * <p>
 * Its input is the durable queue {@value #QUEUE} (body: period id): a period's message is
 * {@link #requestDecision written} through the {@link Outbox} with the period and relayed after the commit; the route
 * {@link DecisionRoute} takes it to {@link #decide}, whose deliveries are written with the decision.
 */
@Component
public class InterestSubsidyDecider {

    /** The durable queue of interest periods waiting for their decision (body: period id). */
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

    InterestSubsidyDecider(LoanRepository loans, SubsidyDecisions decisions, InterestPolicy policy,
                           SubsidyLedger ledger, Deliveries deliveries, Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.loans = loans;
        this.decisions = decisions;
        this.policy = policy;
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** Queues the period for its decision, in the period's transaction. */
    void requestDecision(String periodId) {
        outbox.write(Outbox.Message.work(QUEUE, periodId));
    }

    /**
     * From the queue to the decision, in the message's JMS transaction, with {@code hub.loans.decision-consumers}
     * (1) concurrent consumers: periods may be decided in any order and at once (a period's decision is unique and
     * idempotent, the enterprise's cap is taken in one Hazelcast entry processor per grant). One by default: on 2
     * cores four made a running batch job 4 times slower without deciding faster (docs/benchmarks.md).
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
                    // the decision's deliveries are written with it (outbox) and queued once it commits; the
                    // message is marked done in the same transaction
                    .bean(InterestSubsidyDecider.class, "decideMessage");
        }
    }

    /**
     * {@link #decide} for the period's message {@code messageId} (route step), which is marked done in the decision's
     * own transaction: one commit for the decision, its deliveries and its message, not a second one after it.
     */
    @Transactional
    public String decideMessage(@Body String periodId, @Header(Outbox.ID_HEADER) String messageId) {
        String decisionId = decide(periodId);
        outbox.done(messageId);
        return decisionId;
    }

    /** The decision's id when it has deliveries to make, null when there is nothing (more) to deliver. */
    @Transactional
    public String decide(@Body String periodId) {
        InterestPeriod period = loans.period(periodId).orElse(null);
        if (period == null) {
            LOG.warn("interest period {} not found; its transaction was rolled back", periodId);
            return null;
        }
        var earlier = decisions.decisionFor(periodId, KIND);
        if (earlier.isPresent()) {
            // redelivered: decided before; deliveries not yet made are in the outbox (its sweep re-sends a lost one)
            return deliveries.pending(earlier.get().decisionId()) ? earlier.get().decisionId() : null;
        }
        Loan loan = loans.loan(period.loanId()).orElseThrow();
        InterestPolicy.Calculation calc = policy.calculate(loan, period);
        Grant grant = ledger.grant(loan.uscc(), KIND, periodId, calc.eligible(), calc.terms().cap());
        String reason = reasonOf(calc, grant);
        SubsidyDecisionRecord decision = new SubsidyDecisionRecord(
                "SD" + UUID.randomUUID().toString().replace("-", "").substring(0, 24), periodId, KIND, loan.uscc(),
                loan.regionCode(), loan.loanId(), loan.bankId(), calc.terms().policyId(), calc.terms().version(),
                calc.terms().ruleId(), calc.eligible(), grant.granted(), grant.capRemaining(), reason,
                calc.detail(), clock.instant());
        decisions.insert(decision);
        loans.markDecided(periodId);
        deliveries.plan(decision.decisionId(), loan.bankId());
        return decision.decisionId();
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
