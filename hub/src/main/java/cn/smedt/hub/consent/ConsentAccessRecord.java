package cn.smedt.hub.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One fetch of a credit profile under a consent, as recorded.
 *
 * @param accessId   CA + 24 hex
 * @param consentId  the consent
 * @param at         when
 * @param bankId     the bank that fetched
 * @param purpose    the purpose it fetched for
 * @param categories the categories answered
 * @param from       first day of data answered
 * @param to         last day of data answered (inclusive)
 * @param auditSeq   the audit log entry recording it
 */
record ConsentAccessRecord(String accessId, String consentId, Instant at, String bankId, String purpose,
                           List<String> categories, LocalDate from, LocalDate to, long auditSeq) {

    ConsentAccessRecord {
        categories = List.copyOf(categories);
    }
}
