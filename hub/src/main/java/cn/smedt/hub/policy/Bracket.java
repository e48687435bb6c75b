package cn.smedt.hub.policy;

import java.math.BigDecimal;

/**
 * One marginal bracket of a rule's base: the part of the base in {@code [from, to)} is multiplied by the rate.
 *
 * @param from          lower bound in yuan, inclusive (scale 2)
 * @param to            upper bound in yuan, exclusive; null = no upper bound
 * @param rate          fixed rate as a fraction; null when {@code rateParameter} is given
 * @param rateParameter name of a {@link PolicyParameter} supplying the rate; null when {@code rate} is given
 */
public record Bracket(BigDecimal from, BigDecimal to, BigDecimal rate, String rateParameter) {

    /** The rate in force for this bracket under {@code policy}'s parameters. */
    public BigDecimal effectiveRate(Policy policy) {
        return rate != null ? rate : policy.parameter(rateParameter).value();
    }

    /** Label used in decision lines, e.g. {@code bracket[0.00-500000.00)}. */
    public String label() {
        return "bracket[" + from.toPlainString() + "-" + (to == null ? "" : to.toPlainString()) + ")";
    }
}
