package cn.smedt.hub.kernel;

import java.util.EnumSet;
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
        requireType(EnumSet.complementOf(EnumSet.of(PartnerType.BANK)), "banks read an enterprise's data only"
                + " under its consent (fetchCreditProfile), not through " + operationId);
    }

    /**
     * The one check "only partners of type X may do this": refuses this partner with {@code partner-type-denied}
     * (403) unless its type is {@code allowed}.
     *
     * @param allowed the partner type that may do it
     * @param refused the sentence of what is refused, e.g. "only cooperating banks submit loans"; the problem's
     *                detail is this sentence followed by "; {@code <id>} is a {@code <TYPE>}"
     * @return this partner, allowed
     */
    public Partner requireType(PartnerType allowed, String refused) {
        return requireType(EnumSet.of(allowed), refused);
    }

    /** As {@link #requireType(PartnerType, String)}, for an operation that several partner types may call. */
    public Partner requireType(Set<PartnerType> allowed, String refused) {
        if (!allowed.contains(type)) {
            throw new ProblemException(ProblemCode.PARTNER_TYPE_DENIED, refused + "; " + id + " is a " + type);
        }
        return this;
    }

    /** True when the partner holds an assessor qualification that covers {@code date}. */
    public boolean qualifiedOn(java.time.LocalDate date) {
        return qualification != null && qualification.covers(date);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
