package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A digital service provider's year, for PROVIDER rules (e.g. Zhengzhou: 5% of service fees once all its tasks are
 * completed, at most 3,000,000 per provider).
 *
 * @param providerId        the provider's partner id
 * @param regionCode        region whose policy applies (where the provider serves)
 * @param year              the year the fees belong to
 * @param serviceFees       service fees actually incurred in the year for pilot enterprises, yuan (>= 0)
 * @param allTasksCompleted every transformation task the provider took on is completed (改造任务全部完成)
 */
public record ProviderFacts(String providerId, String regionCode, int year, BigDecimal serviceFees,
                            boolean allTasksCompleted) {

    public ProviderFacts {
        Objects.requireNonNull(providerId, "providerId");
        if (serviceFees == null || serviceFees.signum() < 0) {
            throw new InvalidFactsException("serviceFees", "must be a non-negative amount");
        }
    }
}
