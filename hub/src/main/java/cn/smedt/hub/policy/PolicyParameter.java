package cn.smedt.hub.policy;

import java.math.BigDecimal;

/**
 * A named rate that the policy document leaves to another policy (e.g. Yongkang's "一般信息化项目" standard).
 * The pack ships a documented default; until an operator sets {@code confirmed: true} every decision that used it
 * lists it in {@link SubsidyDecision#unconfirmedParameters()}.
 *
 * @param name        key under {@code parameters:} in the YAML, referenced by {@code rateParameter}
 * @param value       the rate as a fraction (0.10 = 10%), between 0 and 1
 * @param confirmed   true once the operator has confirmed the value against the governing document
 * @param description what the rate stands for and where its value comes from
 */
public record PolicyParameter(String name, BigDecimal value, boolean confirmed, String description) {
}
