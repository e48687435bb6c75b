package cn.smedt.hub.loans;

import cn.smedt.hub.delivery.Deliveries;
import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.ledger.SubsidyLedger;
import java.time.Clock;
import java.util.UUID;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides the interest subsidy of one period: the policy's eligible amount (LPR on the loan date x days / 360,
 * at most the interest paid, inside the first years of the loan), then the enterprise's cap across all banks and
 * loans through the {@link SubsidyLedger}. Idempotent per period: a redelivered period returns its decision.
 */
@Component
public class InterestSubsidyDecider {

    static final String KIND = "INTEREST";
    private static final Logger LOG = LoggerFactory.getLogger(InterestSubsidyDecider.class);

    private final LoanRepository loans;
    private final SubsidyDecisions decisions;
    private final InterestPolicy policy;
    private final SubsidyLedger ledger;
    private final Deliveries deliveries;
    private final Clock clock;

    InterestSubsidyDecider(LoanRepository loans, SubsidyDecisions decisions, InterestPolicy policy,
                           SubsidyLedger ledger, Deliveries deliveries, Clock clock) {
        this.loans = loans;
        this.decisions = decisions;
        this.policy = policy;
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.clock = clock;
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
