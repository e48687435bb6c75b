package cn.smedt.hub.consent;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ2;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners;
import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.security.signature.SignatureAlgorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The partners and calls of the consent ITs: an enterprise acting for itself, banks and the government platform. */
final class ConsentFixture {

    /** The enterprise of the tests (巩义市), acting for itself with its own key. */
    static final String USCC = "91410181MA40C00135";
    /** Another enterprise, whose consents the first may not touch. */
    static final String OTHER_USCC = "91410181MA40C00148";
    static final TestPartner ENTERPRISE = new TestPartner("ent-gongyi", "ENTERPRISE", "410181",
            "consents:manage,consents:read", SignatureAlgorithm.SM2_SM3, cn.smedt.security.keys.PemKeys.generate(
                    SignatureAlgorithm.SM2_SM3));
    static final String BANK_SCOPES = "enterprises:read,loans:write,loans:read,policies:read,consents:read,"
            + "consents:fetch";

    private ConsentFixture() {
    }

    /** The enterprise partner (bound to {@link #USCC}), banks with the consent scopes, the government's scopes. */
    static HubNode partners(HubNode node) {
        int index = TestPartners.ALL.size();
        return node.extraPartner(ENTERPRISE).set("hub.gateway.partners[" + index + "].uscc", USCC)
                .partner(BANK_ZZ, "scopes", BANK_SCOPES).partner(BANK_ZZ2, "scopes", BANK_SCOPES)
                .partner(GOV_ZZ, "scopes", GOV_ZZ.scopes() + ",consents:manage,consents:read");
    }

    static void register(String base, String uscc) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"授信企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(uscc)).by(GOV_ZZ.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isIn(200, 201);
    }

    /** A consent body for {@code bank}: the data of 2024, valid from a minute ago for a day. */
    static String consent(String uscc, String bank, String categories, String fetch) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return """
                {"uscc":"%s","bankId":"%s",
                 "purpose":{"code":"CREDIT_ASSESSMENT","loanProduct":"SHU_ZHUAN_DAI","text":"数转贷授信评估"},
                 "categories":[%s],"dataPeriod":{"from":"2024-01-01","to":"2024-12-31"},
                 "validFrom":"%s","validUntil":"%s","fetch":%s,"dataLife":{"unit":"MONTH","value":6}}"""
                .formatted(uscc, bank, categories, now.minusSeconds(60), now.plus(1, ChronoUnit.DAYS), fetch);
    }

    static final String PERIODIC_3_A_DAY = "{\"type\":\"PERIODIC\",\"frequency\":{\"unit\":\"DAY\",\"value\":3}}";
    static final String ONETIME = "{\"type\":\"ONETIME\"}";

    static Reply grant(String base, String body, TestPartner by) throws Exception {
        return SignedCall.post(base, "/api/v1/consents", body).by(by.signer()).send();
    }

    static JsonNode granted(String base, String body) throws Exception {
        Reply reply = grant(base, body, ENTERPRISE);
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
        return reply.json();
    }

    static Reply fetch(String base, String consentId, String query, TestPartner bank) throws Exception {
        return SignedCall.get(base, "/api/v1/consents/" + consentId + "/credit-profile?" + query).by(bank.signer())
                .send();
    }

    static Reply revoke(String base, String consentId, String body, TestPartner by) throws Exception {
        return SignedCall.post(base, "/api/v1/consents/" + consentId + "/revocation", body).by(by.signer()).send();
    }
}
