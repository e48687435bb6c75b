package cn.smedt.hub.policy;

import java.math.BigDecimal;

/**
 * A special part of a rule's amount, besides its brackets.
 *
 * @param id                 stable id within the rule, shown in decision lines
 * @param type               {@link Type#CATEGORY_RATE} or {@link Type#FIXED}
 * @param category           CATEGORY_RATE: the spend category the rate applies to
 * @param minSpend           CATEGORY_RATE: the category's spend must reach this (inclusive) or the component pays 0;
 *                           null = no threshold
 * @param rate               CATEGORY_RATE: rate as a fraction (or null when {@code rateParameter} is given)
 * @param rateParameter      CATEGORY_RATE: name of a parameter supplying the rate
 * @param amount             FIXED: the amount in yuan (scale 2)
 * @param requiresAcceptance the component pays only when the project passed acceptance (验收)
 * @param withinCap          true: the amount counts towards the rule's cap; false: it is paid on top of the cap
 */
public record Component(String id, Type type, SpendCategory category, BigDecimal minSpend, BigDecimal rate,
                        String rateParameter, BigDecimal amount, boolean requiresAcceptance, boolean withinCap) {

    /** Kinds of component. */
    public enum Type {
        /** A rate on one spend category once that spend reaches {@code minSpend}. */
        CATEGORY_RATE,
        /** A fixed amount (bonus after acceptance, flat support for a chain case). */
        FIXED
    }

    /** Rate in force under {@code policy}'s parameters (CATEGORY_RATE only). */
    public BigDecimal effectiveRate(Policy policy) {
        return rate != null ? rate : policy.parameter(rateParameter).value();
    }
}
