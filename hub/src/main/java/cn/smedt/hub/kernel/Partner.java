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
 * @param uscc               enterprises ({@link PartnerType#ENTERPRISE}): the USCC of the enterprise the partner is;
 *                           null for other partner types
 */
public record Partner(String id, String name, PartnerType type, Set<String> regions, Set<String> scopes,
                      int rateLimitPerSecond, String webhookUrl, AssessorQualification qualification, String uscc)
        implements java.io.Serializable {

    /** A partner without an assessor qualification. */
    public Partner(String id, String name, PartnerType type, Set<String> regions, Set<String> scopes,
                   int rateLimitPerSecond, String webhookUrl) {
        this(id, name, type, regions, scopes, rateLimitPerSecond, webhookUrl, null, null);
    }

    /** A partner that is not an enterprise. */
    public Partner(String id, String name, PartnerType type, Set<String> regions, Set<String> scopes,
                   int rateLimitPerSecond, String webhookUrl, AssessorQualification qualification) {
        this(id, name, type, regions, scopes, rateLimitPerSecond, webhookUrl, qualification, null);
    }

    /**
     * Refuses a bank ({@code partner-type-denied}): a bank reads an enterprise's production and operating data
     * (device KPIs, cloud adoption, digital level, subsidies) only through a consent the enterprise granted
     * (operation fetchCreditProfile, docs/consent.md), never through the other read operations.
     */
    public void requireNotBankForEnterpriseData(String operationId) {
        if (type == PartnerType.BANK) {
            throw new ProblemException(ProblemCode.PARTNER_TYPE_DENIED, "banks read an enterprise's data only under"
                    + " its consent (fetchCreditProfile), not through " + operationId);
        }
    }

    /** True when the partner holds an assessor qualification that covers {@code date}. */
    public boolean qualifiedOn(java.time.LocalDate date) {
        return qualification != null && qualification.covers(date);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
