package cn.smedt.hub.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A data-use consent as stored: the terms every fetch is checked against, the signed artefact, its revocation.
 *
 * @param consentId      CN + 24 hex
 * @param uscc           the enterprise whose data it covers (the data's owner)
 * @param bankId         partner id of the bank allowed to use the data
 * @param purpose        CREDIT_ASSESSMENT or POST_LOAN_MONITORING
 * @param categories     the data categories consented (DEVICE_KPIS, CLOUD_ADOPTION, DIGITAL_LEVEL, SUBSIDIES)
 * @param dataFrom       first day of data covered
 * @param dataTo         last day of data covered (inclusive)
 * @param validFrom      consent start (inclusive)
 * @param validUntil     consent expiry (exclusive)
 * @param fetchType      ONETIME or PERIODIC
 * @param frequencyUnit  PERIODIC: HOUR, DAY, MONTH or YEAR; null for ONETIME
 * @param frequencyValue PERIODIC: fetches allowed per unit; null for ONETIME
 * @param grantedBy      partner id of the grantor (the enterprise, or the government platform on its instruction)
 * @param grantedAt      when the hub recorded and signed it
 * @param artefact       the signed artefact
 * @param revokedAt      when it was revoked, or null
 * @param revokedBy      partner id that revoked it, or null
 */
record Consent(String consentId, String uscc, String bankId, String purpose, List<String> categories,
               LocalDate dataFrom, LocalDate dataTo, Instant validFrom, Instant validUntil, String fetchType,
               String frequencyUnit, Integer frequencyValue, String grantedBy, Instant grantedAt,
               SignedArtefact artefact, Instant revokedAt, String revokedBy) {

    static final String ONETIME = "ONETIME";

    Consent {
        categories = List.copyOf(categories);
    }

    /** ACTIVE, REVOKED, EXPIRED or NOT_YET_VALID at {@code now}. */
    String status(Instant now) {
        if (revokedAt != null) {
            return "REVOKED";
        }
        if (now.isBefore(validFrom)) {
            return "NOT_YET_VALID";
        }
        return now.isBefore(validUntil) ? "ACTIVE" : "EXPIRED";
    }

    /**
     * The artefact as the hub signed it.
     *
     * @param payload   base64 of the consent document's exact bytes (UTF-8 JSON)
     * @param keyId     the hub key that signed it
     * @param algorithm its algorithm token, e.g. sm2-sm3
     * @param signature base64 of the signature over the decoded payload
     */
    record SignedArtefact(String payload, String keyId, String algorithm, String signature) {
    }
}
