package cn.smedt.hub.consent;

import cn.smedt.api.model.Category;
import cn.smedt.api.model.ConsentRequest;
import cn.smedt.api.model.ConsentRevocation;
import cn.smedt.api.model.Fetch;
import cn.smedt.api.model.Instruction;
import cn.smedt.api.model.PurposeCode;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRegistry;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RecordRegions;
import cn.smedt.hub.regions.RegionDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grant, read, list and revoke the data-use consents of banks (operations grantConsent, getConsent, listConsents,
 * revokeConsent; docs/consent.md). A consent is granted by the enterprise itself (partner type ENTERPRISE bound to
 * its USCC) or by a government platform over the enterprise's region on the enterprise's recorded instruction; the
 * hub answers the artefact it signed.
 */
@Component
public class ConsentGrants {

    private final ConsentRepository consents;
    private final ConsentArtefacts artefacts;
    private final PartnerRegistry partners;
    private final EnterpriseRegistry enterprises;
    private final RegionDirectory regions;
    private final ObjectMapper json;
    private final Clock clock;

    ConsentGrants(ConsentRepository consents, ConsentArtefacts artefacts, PartnerRegistry partners,
                  EnterpriseRegistry enterprises, RegionDirectory regions, ObjectMapper json, Clock clock) {
        this.regions = regions;
        this.consents = consents;
        this.artefacts = artefacts;
        this.partners = partners;
        this.enterprises = enterprises;
        this.json = json;
        this.clock = clock;
    }

    @PartnerOperation("grantConsent")
    @Transactional
    public ApiReply grant(PartnerRequest request) {
        ConsentRequest body = request.body(ConsentRequest.class);
        String uscc = request.enterprise().uscc();
        Partner grantor = request.partner();
        requireGrantor(grantor, uscc, body.getInstruction(), "/instruction");
        Partner bank = partners.partner(body.getBankId()).filter(found -> found.type() == PartnerType.BANK)
                .orElseThrow(() -> invalid("/bankId", "no bank " + body.getBankId() + " is a partner of this hub"));
        Instant now = clock.instant();
        Instant validFrom = body.getValidFrom().toInstant();
        Instant validUntil = body.getValidUntil().toInstant();
        LocalDate dataFrom = body.getDataPeriod().getFrom();
        LocalDate dataTo = body.getDataPeriod().getTo();
        if (dataTo.isBefore(dataFrom)) {
            throw invalid("/dataPeriod/to", "dataPeriod ends (" + dataTo + ") before it starts (" + dataFrom + ")");
        }
        if (!validUntil.isAfter(validFrom) || !validUntil.isAfter(now)) {
            throw invalid("/validUntil", "validUntil " + validUntil + " must be after validFrom and now");
        }
        if (body.getPurpose().getCode() == PurposeCode.CREDIT_ASSESSMENT && body.getPurpose().getLoanProduct() == null) {
            throw invalid("/purpose/loanProduct", "a credit assessment names the loan product assessed");
        }
        Set<String> categories = new LinkedHashSet<>();
        for (int i = 0; i < body.getCategories().size(); i++) {
            Category category = body.getCategories().get(i);
            if (!categories.add(category.getValue())) {
                throw invalid("/categories/" + i, "category " + category.getValue() + " listed twice");
            }
        }
        Fetch fetch = body.getFetch();
        boolean periodic = fetch.getType() == Fetch.TypeEnum.PERIODIC;
        if (periodic != (fetch.getFrequency() != null)) {
            throw invalid("/fetch/frequency", periodic ? "a PERIODIC consent needs its maximum frequency"
                    : "a ONETIME consent has no frequency");
        }
        String consentId = RecordRegions.newRecordId("CN", request.enterprise().regionCode());
        ObjectNode document = artefacts.document(consentId, now);
        document.putObject("enterprise").put("uscc", uscc);
        document.putObject("bank").put("id", bank.id()).put("name", bank.name());
        ObjectNode grantedBy = document.putObject("grantedBy").put("partnerId", grantor.id())
                .put("type", grantor.type().name());
        if (body.getInstruction() != null) {
            grantedBy.set("instruction", json.valueToTree(body.getInstruction()));
        }
        document.set("purpose", json.valueToTree(body.getPurpose()));
        categories.forEach(document.putArray("categories")::add);
        document.putObject("dataPeriod").put("from", dataFrom.toString()).put("to", dataTo.toString());
        document.put("validFrom", validFrom.toString());
        document.put("validUntil", validUntil.toString());
        document.set("fetch", json.valueToTree(fetch));
        document.set("dataLife", json.valueToTree(body.getDataLife()));
        Consent consent = new Consent(consentId, uscc, bank.id(), body.getPurpose().getCode().getValue(),
                List.copyOf(categories), dataFrom, dataTo, validFrom, validUntil, fetch.getType().getValue(),
                periodic ? fetch.getFrequency().getUnit().getValue() : null,
                periodic ? fetch.getFrequency().getValue() : null, grantor.id(), now, artefacts.sign(document),
                null, null);
        consents.insert(consent);
        return ApiReply.created(artefacts.view(consentId, consent.artefact()));
    }

    @PartnerOperation("getConsent")
    public ApiReply get(PartnerRequest request) {
        Partner partner = request.partner();
        Consent consent = consents.find(request.pathParam("consentId"))
                .filter(found -> partner.type() == PartnerType.BANK ? found.bankId().equals(partner.id())
                        : manages(partner, found.uscc()))
                .orElseThrow(() -> notFound(request.pathParam("consentId"), partner));
        return ApiReply.ok(artefacts.view(consent, clock.instant(), null));
    }

    @PartnerOperation("listConsents")
    public ApiReply list(PartnerRequest request) {
        String uscc = request.pathParam("uscc");
        Partner partner = request.partner();
        if (!manages(partner, uscc)) {
            throw new ProblemException(ProblemCode.ENTERPRISE_NOT_FOUND, "no enterprise " + uscc + " whose consents "
                    + partner.id() + " manages");
        }
        Instant now = clock.instant();
        ObjectNode answer = json.createObjectNode().put("uscc", uscc);
        var list = answer.putArray("consents");
        for (Consent consent : consents.ofEnterprise(uscc)) {
            list.add(artefacts.view(consent, now, consents.accesses(consent.consentId())));
        }
        return ApiReply.ok(answer);
    }

    @PartnerOperation("revokeConsent")
    @Transactional
    public ApiReply revoke(PartnerRequest request) {
        Partner partner = request.partner();
        String consentId = request.pathParam("consentId");
        ConsentRevocation body = request.body(ConsentRevocation.class);
        Consent consent = consents.find(consentId).filter(found -> manages(partner, found.uscc()))
                .orElseThrow(() -> notFound(consentId, partner));
        requireGrantor(partner, consent.uscc(), body.getInstruction(), "/instruction");
        Instant now = clock.instant();
        consents.revoke(consentId, now, partner.id(), body.getReason());
        Consent revoked = consents.find(consentId).orElseThrow(() -> notFound(consentId, partner));
        return ApiReply.ok(artefacts.view(revoked, now, null));
    }

    /** The enterprise itself, or a government platform whose regions cover it. */
    private boolean manages(Partner partner, String uscc) {
        return switch (partner.type()) {
            case ENTERPRISE -> uscc.equals(partner.uscc());
            case GOVERNMENT -> enterprises.find(uscc)
                    .filter(enterprise -> regions.withinAny(enterprise.regionCode(), partner.regions())).isPresent();
            default -> false;
        };
    }

    /** The enterprise itself (no instruction), or a government platform with the enterprise's instruction. */
    private static void requireGrantor(Partner partner, String uscc, Instruction instruction, String pointer) {
        if (partner.type() == PartnerType.ENTERPRISE && uscc.equals(partner.uscc())) {
            if (instruction != null) {
                throw invalid(pointer, "an enterprise acts for itself: no instruction");
            }
            return;
        }
        if (partner.type() != PartnerType.GOVERNMENT) {
            throw new ProblemException(ProblemCode.CONSENT_GRANTOR_DENIED, partner.id() + " (a " + partner.type()
                    + ") does not grant or revoke the consents of " + uscc);
        }
        if (instruction == null) {
            throw invalid(pointer, "a government platform acts on the enterprise's recorded instruction");
        }
    }

    private static ProblemException invalid(String pointer, String detail) {
        return ProblemException.field(ProblemCode.CONSENT_INVALID, pointer, detail);
    }

    static ProblemException notFound(String consentId, Partner partner) {
        return new ProblemException(ProblemCode.CONSENT_NOT_FOUND, "no consent " + consentId + " visible to "
                + partner.id());
    }
}
