package cn.smedt.hub.providers;

import java.time.Instant;

/**
 * A digital service provider of the programme's resource pool (服务商资源池), table {@code service_provider} (V76).
 *
 * @param uscc         the provider's USCC
 * @param name         its name
 * @param category     DIAGNOSIS (诊断服务商), INTEGRATOR (系统集成商), SOFTWARE (软件服务商) or PLATFORM (平台服务商)
 * @param regionCode   the county it is registered in
 * @param registeredBy the government partner that registered it
 * @param registeredAt when
 */
public record ServiceProvider(String uscc, String name, String category, String regionCode, String registeredBy,
                              Instant registeredAt) {

    boolean sameDataAs(ServiceProvider other) {
        return uscc.equals(other.uscc) && name.equals(other.name) && category.equals(other.category)
                && regionCode.equals(other.regionCode);
    }
}
