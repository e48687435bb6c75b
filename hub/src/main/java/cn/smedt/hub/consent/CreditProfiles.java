package cn.smedt.hub.consent;

import cn.smedt.hub.audit.AuditLog;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RecordIds;
import cn.smedt.hub.node.ProgrammeCalendar;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The data credit profile (数据增信画像) a bank fetches under a consent (operation fetchCreditProfile). Every fetch
 * reads the consent from the database (a revocation committed on any node is seen by the next fetch on every node),
 * checks it in this order: the bank it names (else consent-not-found, as for an unknown id), not revoked, inside its
 * validity, the purpose, each category and the data period asked (consent-scope-exceeded), then takes one fetch of
 * its frequency window across the cluster ({@link FetchAllowance}; consent-frequency-exceeded). The answer has the
 * aggregates of the categories asked only ({@link ProfileData}); the access is recorded (consent_access) with its
 * audit entry in one transaction, the entry chained at once ({@link AuditLog#appendChained}) since the access record
 * stores its sequence number.
 */
@Component
public class CreditProfiles {

    /** The 24 hex digits of an access's id (CA...), in the order they are made. */
    private static final RecordIds ACCESS_IDS = new RecordIds(24);

    private final ConsentRepository consents;
    private final FetchAllowance allowance;
    private final ProfileData data;
    private final ConsentArtefacts artefacts;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    CreditProfiles(ConsentRepository consents, FetchAllowance allowance, ProfileData data,
                   ConsentArtefacts artefacts, AuditLog audit, ObjectMapper json, Clock clock) {
        this.artefacts = artefacts;
        this.consents = consents;
        this.allowance = allowance;
        this.data = data;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @PartnerOperation("fetchCreditProfile")
    @Transactional
    public ApiReply fetch(PartnerRequest request) {
        Partner bank = request.partner();
        String consentId = request.pathParam("consentId");
        Consent consent = consents.find(consentId).filter(found -> found.bankId().equals(bank.id()))
                .orElseThrow(() -> ConsentGrants.notFound(consentId, bank));
        Instant now = clock.instant();
        switch (consent.status(now)) {
            case "REVOKED" -> throw new ProblemException(ProblemCode.CONSENT_REVOKED, "consent " + consentId
                    + " was revoked at " + consent.revokedAt());
            case "EXPIRED", "NOT_YET_VALID" -> throw new ProblemException(ProblemCode.CONSENT_EXPIRED, "consent "
                    + consentId + " is valid from " + consent.validFrom() + " until " + consent.validUntil());
            default -> { }
        }
        String purpose = request.queryParam("purpose");
        if (!consent.purpose().equals(purpose)) {
            throw exceeded("purpose", "consent " + consentId + " is for " + consent.purpose() + ", not " + purpose);
        }
        List<String> categories = Arrays.stream(request.queryParam("categories").split(",")).distinct().toList();
        for (String category : categories) {
            if (!consent.categories().contains(category)) {
                throw exceeded("categories", "category " + category + " is not consented (" + consent.categories()
                        + ")");
            }
        }
        LocalDate from = date(request, "from", consent.dataFrom());
        LocalDate to = date(request, "to", consent.dataTo());
        if (from.isBefore(consent.dataFrom()) || from.isAfter(to)) {
            throw exceeded("from", "from " + from + " outside the consented data period " + consent.dataFrom()
                    + " .. " + consent.dataTo() + " (or after to)");
        }
        if (to.isAfter(consent.dataTo())) {
            throw exceeded("to", "to " + to + " after the consented data period's end " + consent.dataTo());
        }
        if (!allowance.tryTake(consent, now)) {
            throw new ProblemException(ProblemCode.CONSENT_FREQUENCY_EXCEEDED, "consent " + consentId + " allows "
                    + (Consent.ONETIME.equals(consent.fetchType()) ? "one fetch"
                    : consent.frequencyValue() + " fetches per " + consent.frequencyUnit()) + ", all taken");
        }
        ObjectNode profile = profile(consent, categories, from, to, now);
        String accessId = "CA" + ACCESS_IDS.next();
        ObjectNode detail = json.createObjectNode().put("accessId", accessId).put("consentId", consentId)
                .put("uscc", consent.uscc()).put("purpose", purpose).put("from", from.toString())
                .put("to", to.toString());
        categories.forEach(detail.putArray("categories")::add);
        long seq = audit.appendChained(bank.id(), "fetchCreditProfile", "consent/" + consentId, detail.toString());
        consents.insertAccess(new ConsentAccessRecord(accessId, consentId, now, bank.id(), purpose, categories, from,
                to, seq));
        return ApiReply.ok(profile);
    }

    private ObjectNode profile(Consent consent, List<String> categories, LocalDate from, LocalDate to,
                               Instant now) {
        ObjectNode profile = json.createObjectNode();
        profile.put("consentId", consent.consentId());
        profile.put("uscc", consent.uscc());
        profile.put("purpose", consent.purpose());
        profile.put("from", from.toString());
        profile.put("to", to.toString());
        profile.put("generatedAt", now.toString());
        profile.put("dataLifeUntil", dataLifeUntil(consent, now).toString());
        String uscc = consent.uscc();
        if (categories.contains("DEVICE_KPIS")) {
            profile.set("deviceKpis", json.valueToTree(data.deviceKpis(uscc, from, to)));
        }
        if (categories.contains("CLOUD_ADOPTION")) {
            profile.set("cloudAdoption", json.valueToTree(data.cloudAdoption(uscc, from, to)));
        }
        if (categories.contains("DIGITAL_LEVEL")) {
            profile.set("digitalLevel", json.valueToTree(data.digitalLevel(uscc, from, to)));
        }
        if (categories.contains("SUBSIDIES")) {
            profile.set("subsidies", json.valueToTree(data.subsidies(uscc, from, to)));
        }
        return profile;
    }

    /** Until when the bank may keep the profile: the consent's data life from now (read from the signed document). */
    private Instant dataLifeUntil(Consent consent, Instant now) {
        var life = artefacts.parsed(consent.artefact()).path("dataLife");
        int value = life.path("value").asInt();
        ZonedDateTime start = now.atZone(ProgrammeCalendar.ZONE);
        return switch (life.path("unit").asText()) {
            case "DAY" -> start.plusDays(value).toInstant();
            case "MONTH" -> start.plusMonths(value).toInstant();
            default -> start.plusYears(value).toInstant();
        };
    }

    private static LocalDate date(PartnerRequest request, String name, LocalDate otherwise) {
        String value = request.queryParam(name);
        return value == null ? otherwise : LocalDate.parse(value);
    }

    private static ProblemException exceeded(String parameter, String detail) {
        return ProblemException.field(ProblemCode.CONSENT_SCOPE_EXCEEDED, "#/query/" + parameter, detail);
    }
}
