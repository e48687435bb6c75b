package cn.smedt.hub.kernel;

import java.util.Set;

/**
 * An authenticated caller, as the handlers see it.
 *
 * @param id                 stable partner id
 * @param name               display name
 * @param type               partner type
 * @param regions            region codes it may act in (each covers its descendants)
 * @param scopes             granted operation scopes
 * @param rateLimitPerSecond cluster-wide request budget per second
 * @param webhookUrl         where decisions for this partner are delivered (null: none)
 * @param qualification      assessors: the qualification to assess by the MIIT index, with its validity period;
 *                           null for other partner types (and for an assessor that has none: it may not submit)
 */
public record Partner(String id, String name, PartnerType type, Set<String> regions, Set<String> scopes,
                      int rateLimitPerSecond, String webhookUrl, AssessorQualification qualification)
        implements java.io.Serializable {

    /** A partner without an assessor qualification. */
    public Partner(String id, String name, PartnerType type, Set<String> regions, Set<String> scopes,
                   int rateLimitPerSecond, String webhookUrl) {
        this(id, name, type, regions, scopes, rateLimitPerSecond, webhookUrl, null);
    }

    /** True when the partner holds an assessor qualification that covers {@code date}. */
    public boolean qualifiedOn(java.time.LocalDate date) {
        return qualification != null && qualification.covers(date);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
