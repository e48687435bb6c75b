package cn.smedt.hub.ledger;

import java.math.BigDecimal;

/**
 * The outcome of asking the ledger for an amount.
 *
 * @param requested    what the policy computed for the record
 * @param granted      what the ledger granted: the request, or the remainder of the cap, or 0
 * @param grantedTotal the enterprise's total under this cap after this grant
 * @param capRemaining what is left of the cap after this grant
 * @param capped       true when less than requested was granted because of the cap
 * @param repeated     true when this record had already been granted (redelivery); nothing new was granted
 */
public record Grant(BigDecimal requested, BigDecimal granted, BigDecimal grantedTotal, BigDecimal capRemaining,
                    boolean capped, boolean repeated) {
}
