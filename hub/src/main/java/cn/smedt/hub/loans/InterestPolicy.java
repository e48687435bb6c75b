package cn.smedt.hub.loans;

import cn.smedt.api.model.DecisionDetail;
import cn.smedt.hub.policy.CurrentLprTable;
import cn.smedt.hub.policy.InterestDecision;
import cn.smedt.hub.policy.InterestPeriodFacts;
import cn.smedt.hub.policy.InterestSubsidyCalculator;
import cn.smedt.hub.policy.LprNotAvailableException;
import cn.smedt.hub.policy.Policy;
import cn.smedt.hub.policy.PolicyPacks;
import cn.smedt.hub.policy.PolicyRule;
import cn.smedt.hub.regions.RegionDirectory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The interest subsidy policy of a county, as the loan flow needs it: which policy (and version) covers a region,
 * and the eligible amount of one interest period by that policy and the LPR table in use.
 */
@Component
class InterestPolicy {

    /**
     * The policy that decides a region's interest subsidies.
     *
     * @param policyId policy id from its pack
     * @param version  policy version recorded on each decision
     * @param ruleId   the INTEREST rule applied
     * @param cap      cap per enterprise across all banks and loans, yuan; null when the policy sets none
     */
    record Terms(String policyId, String version, String ruleId, BigDecimal cap) {
    }

    /**
     * One period's eligible subsidy before the enterprise's cap.
     *
     * @param terms      the policy used
     * @param eligible   eligible amount, yuan, scale 2 (0 when refused)
     * @param reasonCode why (eligible, limited-to-interest-paid, period-outside-subsidy-window, no-interest-paid,
     *                   policy-not-in-force, lpr-not-available)
     * @param detail     the calculation as JSON (contract schema DecisionDetail), stored with the decision: LPR used, window, {@code daysCounted} (days
     *                   of the period inside the window), {@code periodDays}, {@code interestPaid} and its part for
     *                   the counted days {@code interestPaidInWindow}, {@code theoreticalInterest}, {@code formula}
     */
    record Calculation(Terms terms, BigDecimal eligible, String reasonCode, String detail) {
    }

    private final PolicyPacks packs;
    private final RegionDirectory regions;
    private final CurrentLprTable lpr;
    private final InterestSubsidyCalculator calculator;
    private final ObjectMapper json;

    InterestPolicy(PolicyPacks packs, RegionDirectory regions, CurrentLprTable lpr,
                   InterestSubsidyCalculator calculator, ObjectMapper json) {
        this.packs = packs;
        this.regions = regions;
        this.lpr = lpr;
        this.calculator = calculator;
        this.json = json;
    }

    /** The terms of the policy with an interest rule nearest to the region (county, then city, then province). */
    Optional<Terms> termsFor(String regionCode) {
        return policyFor(regionCode).map(InterestPolicy::terms);
    }

    private Optional<Policy> policyFor(String regionCode) {
        for (String code : regions.selfAndAncestors(regionCode)) {
            Optional<Policy> policy = packs.ofRegion(code).filter(p -> p.interestRule().isPresent());
            if (policy.isPresent()) {
                return policy;
            }
        }
        return Optional.empty();
    }

    private static Terms terms(Policy policy) {
        PolicyRule rule = policy.interestRule().orElseThrow();
        return new Terms(policy.id(), policy.version(), rule.id(),
                rule.caps() == null ? null : rule.caps().perEnterprise());
    }

    /** The period's eligible amount by the version of the policy in force on the loan's start date. */
    Calculation calculate(Loan loan, InterestPeriod period) {
        Policy policy = policyFor(loan.regionCode()).orElseThrow(() -> new PolicyMissingException(
                "no interest subsidy policy covers region " + loan.regionCode() + " of loan " + loan.loanId()))
                .versionOn(loan.startDate());
        Terms terms = terms(policy);
        InterestPeriodFacts facts = new InterestPeriodFacts(loan.startDate(), loan.maturityDate(), loan.principal(),
                period.periodStart(), period.periodEnd(), period.outstandingPrincipal(), period.interestPaid(), true);
        try {
            InterestDecision decision = calculator.eligible(policy, lpr.current(), facts);
            return new Calculation(terms, decision.eligible(), decision.reasonCode(), detail(decision));
        } catch (LprNotAvailableException e) {
            return new Calculation(terms, BigDecimal.ZERO.setScale(2), "lpr-not-available",
                    render(new DecisionDetail().reason(e.getMessage())));
        }
    }

    /** The calculation in the contract's one decision-detail shape (common.yaml DecisionDetail). */
    private String detail(InterestDecision decision) {
        DecisionDetail detail = new DecisionDetail()
                .tenor(decision.tenor() == null ? null : DecisionDetail.TenorEnum.fromValue(decision.tenor().name()))
                .lprRate(decision.lprRate() == null ? null : decision.lprRate().toPlainString())
                .lprEffectiveFrom(decision.lprEffectiveFrom())
                .windowStart(decision.windowStart())
                .windowEnd(decision.windowEnd())
                .daysCounted(decision.daysCounted())
                .periodDays(decision.periodDays())
                .dayCount(decision.dayCount())
                .theoreticalInterest(decision.theoreticalInterest().toPlainString())
                .interestPaid(decision.interestPaid().toPlainString())
                .interestPaidInWindow(decision.interestPaidInWindow().toPlainString())
                .formula(decision.formula());
        return render(detail);
    }

    private String render(DecisionDetail detail) {
        detail.setOtherRules(null);
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new PolicyMissingException("cannot render the calculation: " + e.getOriginalMessage());
        }
    }

}
