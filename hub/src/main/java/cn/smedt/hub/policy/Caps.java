package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Upper limits of a rule, in yuan (scale 2); null = none.
 *
 * @param perEnterprise      per enterprise over the programme (每家企业最高); the cross-node ledger enforces it over
 *                           all of an enterprise's decisions, the engine only limits one decision to it
 * @param perProviderPerYear per service provider and year (单个服务商, 分年度)
 * @param total              per project / decision (单个项目合计最高)
 */
public record Caps(BigDecimal perEnterprise, BigDecimal perProviderPerYear, BigDecimal total) {

    /** No caps. */
    public static final Caps NONE = new Caps(null, null, null);

    /** The tightest cap that limits one decision: the smallest of those set, if any. */
    public Optional<BigDecimal> decisionCap() {
        return Stream.of(perEnterprise, perProviderPerYear, total).filter(c -> c != null)
                .min(BigDecimal::compareTo);
    }
}
