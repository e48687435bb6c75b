package cn.smedt.hub.policy;

import java.util.List;

/**
 * What a rule's brackets apply to.
 *
 * @param measure    SPEND (the sum of {@code categories}), SERVICE_FEES (a provider's fees) or INTEREST (interest paid)
 * @param categories SPEND only: the spend categories summed into the base, in YAML order
 */
public record RuleBase(Measure measure, List<SpendCategory> categories) {

    /** No base (a rule paying only fixed components). */
    public static final RuleBase NONE = new RuleBase(Measure.NONE, List.of());

    public RuleBase {
        categories = List.copyOf(categories);
    }

    /** The quantity a base measures. */
    public enum Measure {
        /** Sum of the listed spend categories. */
        SPEND,
        /** A provider's service fees for the year ({@code base: serviceFees}). */
        SERVICE_FEES,
        /** Interest paid on a loan ({@code base: interest}). */
        INTEREST,
        /** Nothing: the rule pays fixed components only. */
        NONE
    }
}
