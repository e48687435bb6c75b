package cn.smedt.hub.policy;

import java.util.List;

/**
 * One rule of a policy.
 *
 * @param id          stable id, unique in the policy, recorded in every decision
 * @param kind        what the rule pays for
 * @param title       short human title (Chinese is fine)
 * @param clause      section of the source document the rule implements, e.g. {@code 三(二)}
 * @param eligibility conditions
 * @param base        what the brackets apply to
 * @param brackets    marginal brackets over the base, ascending, non-overlapping
 * @param components  special parts besides the brackets
 * @param caps        limits
 * @param interest    INTEREST rules only: window, day count, LPR tenors; null otherwise
 */
public record PolicyRule(String id, RuleKind kind, String title, String clause, Eligibility eligibility,
                         RuleBase base, List<Bracket> brackets, List<Component> components, Caps caps,
                         InterestTerms interest) {

    public PolicyRule {
        brackets = List.copyOf(brackets);
        components = List.copyOf(components);
    }
}
