package cn.smedt.hub.assessments;

import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.policy.SubsidyDecision;
import java.util.List;

/**
 * Which of a policy's rules of one kind decides an acceptance, and the reason code of the final decision. Plain
 * Java, no state. Shared by every decision of a rule kind (providers.ProviderSubsidies too).
 *
 * <p>A policy may have several rules of one kind (Wuhan: level 2 and level 3+; Yongkang: four tracks). One
 * project gets one transformation subsidy, so the engine's decisions of one kind collapse into one: the eligible
 * rule granting the most (the first in policy order on a tie), or, when none is eligible, the rule whose failure came
 * latest in the engine's condition order (it is the most informative: "level-too-low" says more than
 * "industry-not-covered" of a rule for another industry).
 */
public final class RuleChoice {

    /** The engine's reason codes in the order it checks the conditions (docs/policies.md, eligibility table). */
    static final List<String> CONDITION_ORDER = List.of("not-pilot-enterprise", "track-not-covered",
            "industry-not-covered", "scale-not-covered", "level-not-assessed", "level-too-low", "level-not-covered",
            "task-not-completed", "acceptance-not-passed", "investment-below-minimum", "chain-case-not-recognised");

    private RuleChoice() {
    }

    /**
     * The decision that stands for its kind.
     *
     * @param sameKind the engine's decisions of one kind, in policy order (not empty)
     */
    public static SubsidyDecision best(List<SubsidyDecision> sameKind) {
        if (sameKind.isEmpty()) {
            throw new AcceptanceDecisionException("the policy has no rule of this kind to choose from");
        }
        SubsidyDecision best = null;
        for (SubsidyDecision d : sameKind) {
            if (d.eligible() && (best == null || d.granted().compareTo(best.granted()) > 0)) {
                best = d;
            }
        }
        if (best != null) {
            return best;
        }
        for (SubsidyDecision d : sameKind) {
            if (best == null || rank(d.reasonCode()) > rank(best.reasonCode())) {
                best = d;
            }
        }
        return best;
    }

    /**
     * The stored reason code: the policy's own when it allows nothing (ineligible, {@code no-eligible-spend}),
     * otherwise what the ledger did ({@code cap-exhausted}, {@code cap-remainder-granted}), else {@code capped} when
     * the rule's cap cut the amount, else {@code granted}.
     */
    public static String reasonOf(SubsidyDecision chosen, Grant grant) {
        if (chosen.granted().signum() == 0) {
            return chosen.reasonCode();
        }
        if (grant.granted().signum() == 0) {
            return "cap-exhausted";
        }
        if (grant.capped()) {
            return "cap-remainder-granted";
        }
        return "capped".equals(chosen.reasonCode()) ? "capped" : "granted";
    }

    private static int rank(String reasonCode) {
        return CONDITION_ORDER.indexOf(reasonCode);
    }
}
