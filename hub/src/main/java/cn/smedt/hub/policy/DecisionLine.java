package cn.smedt.hub.policy;

import java.math.BigDecimal;

/**
 * One step of a decision's arithmetic, so an auditor can recompute it: {@code result = amount x rate} rounded
 * HALF_UP to fen (BRACKET, COMPONENT with a rate), {@code result = amount} (BASE, FIXED component), or
 * {@code result = min(amount, cap)} (CAP).
 *
 * @param type      what the line is
 * @param item      spend category (BASE), bracket label (BRACKET), component id (COMPONENT) or cap name (CAP)
 * @param amount    the amount the step starts from, yuan, scale 2
 * @param rate      the rate applied as a fraction; null for BASE, FIXED components and CAP
 * @param result    the step's result, yuan, scale 2
 * @param withinCap BRACKET/COMPONENT: true when the result counts towards the rule's cap
 * @param parameter name of the policy parameter that supplied the rate; null when the rate is fixed in the policy
 * @param note      why a step contributes nothing (e.g. {@code below-minimum-spend}), else null
 */
public record DecisionLine(Type type, String item, BigDecimal amount, BigDecimal rate, BigDecimal result,
                           boolean withinCap, String parameter, String note) {

    /** Kinds of line. */
    public enum Type {
        /** One category summed into the base. */
        BASE,
        /** A bracket of the base times its rate. */
        BRACKET,
        /** A special component (category rate or fixed amount). */
        COMPONENT,
        /** The rule's cap applied to the sum of the within-cap results. */
        CAP
    }
}
