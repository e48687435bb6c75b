package cn.smedt.hub.consent;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.consent.ConsentFixture.ENTERPRISE;
import static cn.smedt.hub.consent.ConsentFixture.ONETIME;
import static cn.smedt.hub.consent.ConsentFixture.PERIODIC_3_A_DAY;
import static cn.smedt.hub.consent.ConsentFixture.USCC;
import static cn.smedt.hub.consent.ConsentFixture.consent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubNodes;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners.TestPartner;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one hub (one database, one Hazelcast cluster) behind one public URL: a consent revoked on node A is
 * refused on node B at once, and the fetches of a consent are counted across both nodes.
 */
class TwoNodeConsentIT {

    static final String PUBLIC = "https://hub.zz.example";
    static HubNodes nodes;
    static String baseA;
    static String baseB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        HubNode[] hub = HubNodes.oneHub("consent", 2);
        for (HubNode node : hub) {
            ConsentFixture.partners(node.set("hub.gateway.public-base-url", PUBLIC)
                    .set("hub.identity.generate-if-missing", true));
        }
        nodes = HubNodes.start(hub);
        baseA = nodes.baseUrl(0);
        baseB = nodes.baseUrl(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> nodes.bean(0, com.hazelcast.core.HazelcastInstance.class)
                .getCluster().getMembers().size() == 2);
        Reply registered = SignedCall.post(PUBLIC, "/api/v1/enterprises", """
                {"uscc":"%s","name":"授信企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(USCC)).via(baseA, PUBLIC)
                .by(cn.smedt.hub.TestPartners.GOV_ZZ.signer()).send();
        assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
    }

    @AfterAll
    static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    static Reply post(String node, String path, String json, TestPartner partner) throws Exception {
        return SignedCall.post(PUBLIC, path, json).via(node, PUBLIC).by(partner.signer()).send();
    }

    static Reply fetch(String node, String consentId) throws Exception {
        return SignedCall.get(PUBLIC, "/api/v1/consents/" + consentId
                + "/credit-profile?purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES").via(node, PUBLIC)
                .by(BANK_ZZ.signer()).send();
    }

    @Test
    void revokedOnARefusedOnB() throws Exception {
        Reply granted = post(baseA, "/api/v1/consents", consent(USCC, BANK_ZZ.id(), "\"SUBSIDIES\"",
                PERIODIC_3_A_DAY), ENTERPRISE);
        assertThat(granted.status()).as(granted.json().toString()).isEqualTo(201);
        String id = granted.json().path("consentId").asText();
        assertThat(fetch(baseB, id).status()).isEqualTo(200);

        Reply revoked = post(baseA, "/api/v1/consents/" + id + "/revocation", "{}", ENTERPRISE);
        assertThat(revoked.status()).as(revoked.json().toString()).isEqualTo(200);
        Reply onB = fetch(baseB, id);
        assertThat(onB.status()).isEqualTo(403);
        assertThat(onB.problemCode()).isEqualTo("consent-revoked");
        assertThat(fetch(baseA, id).problemCode()).isEqualTo("consent-revoked");
    }

    @Test
    void fetchesAreCountedAcrossNodes() throws Exception {
        String once = post(baseA, "/api/v1/consents", consent(USCC, BANK_ZZ.id(), "\"SUBSIDIES\"", ONETIME),
                ENTERPRISE).json().path("consentId").asText();
        assertThat(fetch(baseA, once).status()).isEqualTo(200);
        Reply onB = fetch(baseB, once);
        assertThat(onB.status()).isEqualTo(429);
        assertThat(onB.problemCode()).isEqualTo("consent-frequency-exceeded");

        String periodic = post(baseB, "/api/v1/consents", consent(USCC, BANK_ZZ.id(), "\"SUBSIDIES\"",
                PERIODIC_3_A_DAY), ENTERPRISE).json().path("consentId").asText();
        assertThat(fetch(baseA, periodic).status()).isEqualTo(200);
        assertThat(fetch(baseB, periodic).status()).isEqualTo(200);
        assertThat(fetch(baseA, periodic).status()).isEqualTo(200);
        assertThat(fetch(baseB, periodic).problemCode()).isEqualTo("consent-frequency-exceeded");
    }
}
