package cn.smedt.hub.policy;

import cn.smedt.api.model.DecisionRuleDetail;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's answer for one rule and one case. Amounts are yuan with scale 2. The cross-node per-enterprise
 * ledger (elsewhere) may grant less than {@link #granted()} when earlier grants used up the enterprise's cap.
 *
 * @param policyId              id of the policy used
 * @param policyVersion         version of the policy used
 * @param ruleId                rule decided
 * @param kind                  the rule's kind
 * @param eligible              the case meets the rule's eligibility conditions
 * @param reasonCode            stable code: {@code eligible}, {@code capped}, {@code no-eligible-spend}, or why
 *                              not eligible ({@code level-too-low}, {@code level-not-covered},
 *                              {@code level-not-assessed}, {@code task-not-completed}, {@code acceptance-not-passed},
 *                              {@code investment-below-minimum}, {@code industry-not-covered},
 *                              {@code scale-not-covered}, {@code not-pilot-enterprise}, {@code track-not-covered},
 *                              {@code chain-case-not-recognised})
 * @param base                  the rule's base (sum of its spend categories, or service fees); 0 for CHAIN_CASE
 * @param computed              brackets plus components, before any cap; 0 when not eligible
 * @param cap                   the rule's cap on one decision (smallest of perEnterprise, perProviderPerYear, total);
 *                              null when uncapped
 * @param granted               {@code min(within-cap part, cap) + outside-cap part}; 0 when not eligible
 * @param lines                 the arithmetic, step by step
 * @param unconfirmedParameters parameters used whose value the operator has not confirmed yet
 */
public record SubsidyDecision(String policyId, String policyVersion, String ruleId, RuleKind kind, boolean eligible,
                              String reasonCode, BigDecimal base, BigDecimal computed, BigDecimal cap,
                              BigDecimal granted, List<DecisionLine> lines, List<String> unconfirmedParameters) {

    public SubsidyDecision {
        lines = List.copyOf(lines);
        unconfirmedParameters = List.copyOf(unconfirmedParameters);
    }

    /**
     * The decision's arithmetic in the contract's shape ({@code rule} of common.yaml {@code DecisionDetail}), as
     * every decision detail shows the rule it applied.
     */
    public DecisionRuleDetail ruleDetail() {
        return new DecisionRuleDetail(ruleId, eligible).reasonCode(reasonCode).base(text(base))
                .computed(text(computed)).ruleCap(text(cap)).granted(text(granted))
                .lines(lines.stream().map(SubsidyDecision::line).toList())
                .unconfirmedParameters(unconfirmedParameters.isEmpty() ? null : new ArrayList<>(unconfirmedParameters));
    }

    private static cn.smedt.api.model.DecisionLine line(DecisionLine line) {
        return new cn.smedt.api.model.DecisionLine(cn.smedt.api.model.DecisionLine.TypeEnum.fromValue(
                line.type().name()), line.item(), text(line.result())).amount(text(line.amount()))
                .rate(line.rate() == null ? null : line.rate().toPlainString()).parameter(line.parameter())
                .note(line.note());
    }

    private static String text(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
