package cn.smedt.hub.partners;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_WH;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubNodes;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.audit.AuditLog;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The partner registry at run time on two nodes of one hub (one database, one Hazelcast cluster) behind one public
 * URL: a partner onboarded through node A signs on node B; a second key works next to the first during their
 * overlap; the revoked key, the suspended partner and a key outside its validity are refused on both nodes; every
 * change is in the audit chain; the refusals of a non-admin partner and of bad input store nothing; after a restart
 * the run-time changes are still applied, and the configuration does not bring back a revoked key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartnerRegistryIT {

    /** A change is applied on every member before its admin operation answers (RegistrySync). */
    private static final String ON_EVERY_NODE = "applied on every node when the change answered";

    static final String PUBLIC = "https://hub.zz.example";
    static final String ADMIN_SCOPES = GOV_ZZ.scopes() + ",partners:admin";
    static final KeyPair KEY_1 = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
    static final KeyPair KEY_2 = PemKeys.generate(SignatureAlgorithm.ED25519);
    static final KeyPair LATER = PemKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    static final MessageSigner SIGNER_1 = Signers.create(SignatureAlgorithm.SM2_SM3, KEY_1.getPrivate(), "bank-zzrc-key-1");
    static final MessageSigner SIGNER_2 = Signers.create(SignatureAlgorithm.ED25519, KEY_2.getPrivate(), "bank-zzrc-key-2");

    static HubNode[] hub;
    static HubNodes nodes;
    static ConfigurableApplicationContext restarted;
    static String baseA;
    static String baseB;

    @BeforeAll
    static void startTwoNodes() {
        hub = HubNodes.oneHub("registry", 2);
        for (HubNode node : hub) {
            node.set("hub.gateway.public-base-url", PUBLIC).set("hub.identity.generate-if-missing", true)
                    .partner(GOV_ZZ, "scopes", ADMIN_SCOPES);
        }
        nodes = HubNodes.start(hub);
        baseA = nodes.baseUrl(0);
        baseB = nodes.baseUrl(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> nodes.bean(0, HazelcastInstance.class).getCluster()
                .getMembers().size() == 2);
    }

    @AfterAll
    static void stopNodes() {
        if (restarted != null) {
            restarted.close();
        }
        restarted = null; // a static field lives as long as the test JVM: the closed node would stay in its heap
        if (nodes != null) {
            nodes.close();
        }
    }

    static Reply admin(String node, String path, String json) throws Exception {
        return SignedCall.post(PUBLIC, path, json).via(node, PUBLIC).by(GOV_ZZ.signer()).send();
    }

    /** A signed read of the new bank (listPolicies, scope policies:read). */
    static Reply call(String node, MessageSigner signer) throws Exception {
        return SignedCall.get(PUBLIC, "/api/v1/policies").via(node, PUBLIC).by(signer).send();
    }

    static String key(String keyId, String algorithm, KeyPair pair, String validity) {
        return """
                {"keyId":"%s","algorithm":"%s","publicKeyPem":%s%s}""".formatted(keyId, algorithm,
                quoted(PemKeys.toPem(pair.getPublic())), validity);
    }

    static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    static String body(Reply reply) {
        return new String(reply.response().body(), StandardCharsets.UTF_8);
    }

    static JdbcTemplate jdbc() {
        return nodes.bean(0, JdbcTemplate.class);
    }

    @Test
    @Order(1)
    void onboardedOnASignsOnBAtOnce() throws Exception {
        assertThat(call(baseB, SIGNER_1).problemCode()).isEqualTo("key-unknown");
        Reply onboarded = admin(baseA, "/api/v1/partners", """
                {"id":"bank-zzrc","name":"郑州农商银行","type":"BANK","regions":["410100"],"scopes":["policies:read"],
                 "rateLimitPerSecond":50,"keys":[%s]}""".formatted(key("bank-zzrc-key-1", "sm2-sm3", KEY_1,
                ",\"notBefore\":\"2020-01-01T00:00:00Z\"")));
        assertThat(onboarded.status()).as(body(onboarded)).isEqualTo(201);
        assertThat(onboarded.json().path("origin").asText()).isEqualTo("RUNTIME");
        assertThat(onboarded.json().path("keys").get(0).path("status").asText()).isEqualTo("VALID");

        assertThat(call(baseA, SIGNER_1).status()).isEqualTo(200);
        // applied on B before A answered (a reload task on every member): no restart, no poll of the database
        assertThat(call(baseB, SIGNER_1).status()).as(ON_EVERY_NODE).isEqualTo(200);
        Reply listed = SignedCall.get(PUBLIC, "/api/v1/partners/bank-zzrc").via(baseB, PUBLIC).by(GOV_ZZ.signer())
                .send();
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("scopes").toString()).isEqualTo("[\"policies:read\"]");
    }

    @Test
    @Order(2)
    void aSecondKeyWorksNextToTheFirstThenTheRevokedOneIsRefusedOnBothNodes() throws Exception {
        Reply added = admin(baseB, "/api/v1/partners/bank-zzrc/keys", key("bank-zzrc-key-2", "ed25519", KEY_2,
                ",\"notAfter\":\"2099-01-01T00:00:00Z\""));
        assertThat(added.status()).as(body(added)).isEqualTo(201);
        assertThat(added.json().path("keys")).hasSize(2);
        for (String node : List.of(baseA, baseB)) {
            assertThat(call(node, SIGNER_2).status()).as(ON_EVERY_NODE).isEqualTo(200);
            assertThat(call(node, SIGNER_1).status()).as("the old key during the overlap").isEqualTo(200);
        }

        Reply revoked = admin(baseA, "/api/v1/partners/bank-zzrc/keys/bank-zzrc-key-1/revocation",
                "{\"reason\":\"轮换完成\"}");
        assertThat(revoked.status()).as(body(revoked)).isEqualTo(200);
        assertThat(revoked.json().path("keys").get(0).path("status").asText()).isEqualTo("REVOKED");
        Reply onA = call(baseA, SIGNER_1);
        assertThat(onA.status()).isEqualTo(401);
        assertThat(onA.problemCode()).isEqualTo("key-revoked");
        assertThat(call(baseB, SIGNER_1).problemCode()).as(ON_EVERY_NODE).isEqualTo("key-revoked");
        assertThat(call(baseA, SIGNER_2).status()).isEqualTo(200);
        assertThat(call(baseB, SIGNER_2).status()).isEqualTo(200);

        Reply again = admin(baseB, "/api/v1/partners/bank-zzrc/keys", key("bank-zzrc-key-1", "sm2-sm3", KEY_1, ""));
        assertThat(again.status()).as("a revoked key id is never registered again").isEqualTo(409);
        assertThat(again.problemCode()).isEqualTo("key-conflict");
    }

    @Test
    @Order(3)
    void aKeyOutsideItsValidityIsRefused() throws Exception {
        String notYet = Instant.now().plus(Duration.ofDays(30)).toString();
        Reply added = admin(baseA, "/api/v1/partners/bank-zzrc/keys", key("bank-zzrc-key-3", "ecdsa-p256-sha256", LATER,
                ",\"notBefore\":\"" + notYet + "\""));
        assertThat(added.status()).as(body(added)).isEqualTo(201);
        MessageSigner later = Signers.create(SignatureAlgorithm.ECDSA_P256_SHA256, LATER.getPrivate(),
                "bank-zzrc-key-3");
        assertThat(call(baseA, later).problemCode()).isEqualTo("key-not-valid");
        assertThat(call(baseB, later).problemCode()).as(ON_EVERY_NODE).isEqualTo("key-not-valid");
    }

    @Test
    @Order(4)
    void aSuspendedPartnerIsRefusedOnBothNodesUntilReinstated() throws Exception {
        Reply suspended = admin(baseB, "/api/v1/partners/bank-zzrc/suspension", "{\"reason\":\"协议暂停\"}");
        assertThat(suspended.status()).as(body(suspended)).isEqualTo(200);
        assertThat(suspended.json().path("status").asText()).isEqualTo("SUSPENDED");
        Reply onB = call(baseB, SIGNER_2);
        assertThat(onB.status()).isEqualTo(403);
        assertThat(onB.problemCode()).isEqualTo("partner-suspended");
        assertThat(call(baseA, SIGNER_2).problemCode()).as(ON_EVERY_NODE).isEqualTo("partner-suspended");

        assertThat(admin(baseA, "/api/v1/partners/bank-zzrc/reinstatement", "{}").status()).isEqualTo(200);
        assertThat(call(baseA, SIGNER_2).status()).isEqualTo(200);
        assertThat(call(baseB, SIGNER_2).status()).as(ON_EVERY_NODE).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aConfiguredKeyIsRevokedToo() throws Exception {
        Reply revoked = admin(baseA, "/api/v1/partners/" + GOV_WH.id() + "/keys/" + GOV_WH.keyId() + "/revocation",
                "{\"reason\":\"密钥泄露\"}");
        assertThat(revoked.status()).as(body(revoked)).isEqualTo(200);
        assertThat(revoked.json().path("keys").get(0).path("origin").asText()).isEqualTo("CONFIGURATION");
        Reply refused = SignedCall.get(PUBLIC, "/api/v1/enterprises/91410181MA40C00135").via(baseA, PUBLIC)
                .by(GOV_WH.signer()).send();
        assertThat(refused.problemCode()).isEqualTo("key-revoked");
    }

    @Test
    @Order(6)
    void everyChangeIsInTheAuditChain() throws Exception {
        nodes.bean(0, AuditLog.class).chainPending();
        List<String> actions = jdbc().queryForList("select action from audit_entry where actor = ? and action in"
                + " ('onboardPartner', 'addPartnerKey', 'revokePartnerKey', 'suspendPartner', 'reinstatePartner')"
                + " order by seq", String.class, GOV_ZZ.id());
        assertThat(actions).containsExactly("onboardPartner", "addPartnerKey", "revokePartnerKey", "addPartnerKey",
                "suspendPartner", "reinstatePartner", "revokePartnerKey");
        Reply verified = SignedCall.get(PUBLIC, "/api/v1/audit/verification").via(baseB, PUBLIC).by(GOV_ZZ.signer())
                .send();
        assertThat(verified.json().path("ok").asBoolean()).as(body(verified)).isTrue();
    }

    @Test
    @Order(7)
    void aPartnerWithoutTheAdminScopeIsRefused() throws Exception {
        Reply refused = SignedCall.post(PUBLIC, "/api/v1/partners/bank-zzrc/suspension", "{}").via(baseA, PUBLIC)
                .by(BANK_ZZ.signer()).send();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problemCode()).isEqualTo("scope-denied");
        assertThat(jdbc().queryForObject("select suspended from registry_partner_status where partner_id = ?",
                Boolean.class, "bank-zzrc")).isFalse();
    }

    @Test
    @Order(8)
    void badInputIsRefusedWithItsPointerAndNothingIsStored() throws Exception {
        long partners = jdbc().queryForObject("select count(*) from registry_partner", Long.class);
        long keys = jdbc().queryForObject("select count(*) from registry_key", Long.class);
        String template = """
                {"id":"bank-bad","name":"坏银行","type":"%s","regions":["%s"],"scopes":["%s"],"keys":[%s]}""";
        String good = key("bank-bad-key-1", "sm2-sm3", KEY_1, "");
        record Case(String json, int status, String code, String pointer) {
        }
        for (Case c : List.of(
                new Case(template.formatted("BANK", "410100", "loans:read", key("bank-bad-key-1", "ed25519", KEY_1, "")),
                        422, "partner-invalid", "/keys/0/publicKeyPem"),
                new Case(template.formatted("BANK", "410100", "loans:read", key("bank-bad-key-1", "sm2-sm3", KEY_1,
                        ",\"notBefore\":\"2027-01-01T00:00:00Z\",\"notAfter\":\"2026-01-01T00:00:00Z\"")), 422,
                        "partner-invalid", "/keys/0/notAfter"),
                new Case(template.formatted("BANK", "419999", "loans:read", good), 400, "region-unknown", "/regions/0"),
                new Case(template.formatted("BANK", "410100", "partners:admin", good), 422, "partner-invalid",
                        "/scopes/0"),
                new Case(template.formatted("ENTERPRISE", "410100", "loans:read", good), 422, "partner-invalid",
                        "/uscc"),
                new Case(template.formatted("BANK", "410100", "Loans read", good), 400, "validation-failed",
                        "/scopes/0"),
                new Case(template.formatted("BANK", "410100", "loans:read", key("gov-zz-key-1", "sm2-sm3", KEY_1, "")),
                        409, "key-conflict", null))) {
            Reply refused = admin(baseA, "/api/v1/partners", c.json());
            assertThat(refused.status()).as(c.json() + " -> " + body(refused)).isEqualTo(c.status());
            assertThat(refused.response().headers().firstValue("content-type").orElse(""))
                    .startsWith("application/problem+json");
            assertThat(refused.problemCode()).as(body(refused)).isEqualTo(c.code());
            if (c.pointer() != null) {
                JsonNode errors = refused.json().path("errors");
                assertThat(errors.get(0).path("pointer").asText()).as(body(refused)).isEqualTo(c.pointer());
            }
        }
        Reply configured = admin(baseA, "/api/v1/partners", template.formatted("BANK", "410100", "loans:read", good)
                .replace("bank-bad", GOV_WH.id()));
        assertThat(configured.problemCode()).as("a configured id is the configuration's").isEqualTo("partner-conflict");
        assertThat(admin(baseA, "/api/v1/partners/" + GOV_ZZ.id() + "/suspension", "{}").problemCode())
                .as("the operator's partner is not suspended here").isEqualTo("partner-invalid");
        assertThat(admin(baseA, "/api/v1/partners/nobody/suspension", "{}").problemCode())
                .isEqualTo("partner-not-found");
        assertThat(jdbc().queryForObject("select count(*) from registry_partner", Long.class)).isEqualTo(partners);
        assertThat(jdbc().queryForObject("select count(*) from registry_key", Long.class)).isEqualTo(keys);
    }

    @Test
    @Order(9)
    void aRestartedHubKeepsTheRunTimeChanges() throws Exception {
        nodes.close();
        nodes = null;
        // one node again, on the same database, as the only member of its cluster: nothing comes from Hazelcast
        restarted = hub[0].start();
        String base = HubNodes.baseUrl(restarted);
        assertThat(call(base, SIGNER_2).status()).isEqualTo(200);
        assertThat(call(base, SIGNER_1).problemCode()).isEqualTo("key-revoked");
        Reply configured = SignedCall.get(PUBLIC, "/api/v1/enterprises/91410181MA40C00135").via(base, PUBLIC)
                .by(GOV_WH.signer()).send();
        assertThat(configured.problemCode()).as("the configuration does not bring back a revoked key")
                .isEqualTo("key-revoked");
        JsonNode listed = SignedCall.get(PUBLIC, "/api/v1/partners").via(base, PUBLIC).by(GOV_ZZ.signer()).send()
                .json();
        assertThat(listed.path("partners").findValuesAsText("id")).contains("bank-zzrc", GOV_ZZ.id(), GOV_WH.id());
    }
}
