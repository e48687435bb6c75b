package cn.smedt.hub.gateway;

import java.util.Set;

/**
 * An authenticated caller, as the flows see it.
 *
 * @param id                 stable partner id
 * @param name               display name
 * @param type               partner type
 * @param regions            region codes it may act in (each covers its descendants)
 * @param scopes             granted operation scopes
 * @param rateLimitPerSecond cluster-wide request budget per second
 * @param webhookUrl         where decisions for this partner are delivered (null: none)
 */
public record Partner(String id, String name, PartnerType type, Set<String> regions, Set<String> scopes,
                      int rateLimitPerSecond, String webhookUrl) implements java.io.Serializable {

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
