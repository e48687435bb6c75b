package cn.smedt.hub.consent;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ2;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static cn.smedt.hub.TestPartners.PLATFORM_ZZ;
import static cn.smedt.hub.consent.ConsentFixture.ENTERPRISE;
import static cn.smedt.hub.consent.ConsentFixture.ONETIME;
import static cn.smedt.hub.consent.ConsentFixture.OTHER_USCC;
import static cn.smedt.hub.consent.ConsentFixture.PERIODIC_3_A_DAY;
import static cn.smedt.hub.consent.ConsentFixture.USCC;
import static cn.smedt.hub.consent.ConsentFixture.consent;
import static cn.smedt.hub.consent.ConsentFixture.fetch;
import static cn.smedt.hub.consent.ConsentFixture.grant;
import static cn.smedt.hub.consent.ConsentFixture.granted;
import static cn.smedt.hub.consent.ConsentFixture.revoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Verifiers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Data-use consents end to end on one node (docs/consent.md): the enterprise grants a bank a consent with its own
 * signed request (or the government platform on its instruction), the artefact verifies with the hub's published
 * key in Java and with OpenSSL, the bank fetches only what the consent covers, each fetch is recorded and audited,
 * the enterprise lists and revokes. {@link BankReadPathsIT} closes the bank's other reads; {@link TwoNodeConsentIT}
 * revokes on one node and is refused on the other.
 */
@HubIT
class ConsentIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @HubIT.Settings
    static void node(HubNode node) {
        ConsentFixture.partners(node);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubIdentity hub;

    String base;

    @BeforeEach
    void setUp() throws Exception {
        base = HubNode.url(port);
        if (jdbc.queryForObject("select count(*) from enterprise where uscc = ?", Long.class, USCC) == 0) {
            ConsentFixture.register(base, USCC);
            ConsentFixture.register(base, OTHER_USCC);
            // the enterprise's data: a cloud-adoption report, a subsidy granted in 2024 and one in 2025, device minutes
            Reply cloud = SignedCall.post(base, "/api/v1/cloud-adoption", """
                    {"uscc":"%s","reportedOn":"2024-06-30","saasApps":[{"appId":"mes","name":"云MES",
                     "scenario":"PRODUCTION_SCHEDULING"}],"paymentMode":"PER_USE","devicesConnected":12}"""
                    .formatted(USCC)).by(PLATFORM_ZZ.signer()).send();
            assertThat(cloud.status()).as(cloud.json().toString()).isEqualTo(202);
            subsidy("SD0000000000000000000000a1", "12345.67", "2024-05-01T02:00:00Z");
            subsidy("SD0000000000000000000000a2", "500.00", "2025-02-01T02:00:00Z");
            jdbc.update("insert into device_minute (uscc, device_id, minute_start, run_s, idle_s, alarm_s, off_s, parts,"
                    + " energy_kwh, samples) values (?, 'press-1', ?, 45, 15, 0, 0, 2, 0.500000000, 6)", USCC,
                    Timestamp.from(Instant.parse("2024-03-01T01:00:00Z")));
        }
    }

    void subsidy(String decisionId, String granted, String at) {
        jdbc.update("insert into subsidy_decision (decision_id, record_id, kind, uscc, region_code, policy_id,"
                + " policy_version, eligible, granted, decided_at) values (?, ?, 'TRANSFORMATION', ?, '410181', 'p', '1',"
                + " ?, ?, ?)", decisionId, "AC" + decisionId.substring(2), USCC, new java.math.BigDecimal(granted),
                new java.math.BigDecimal(granted), Timestamp.from(Instant.parse(at)));
    }

    static final String ALL = "\"DEVICE_KPIS\",\"CLOUD_ADOPTION\",\"DIGITAL_LEVEL\",\"SUBSIDIES\"";

    @Test
    void grantFetchRevokeThenRefused() throws Exception {
        JsonNode artefact = granted(base, consent(USCC, BANK_ZZ.id(), ALL, PERIODIC_3_A_DAY));
        String id = artefact.path("consentId").asText();
        assertThat(id).matches("CN[0-9a-f]{24}");
        JsonNode document = JSON.readTree(Base64.getDecoder().decode(artefact.path("payload").asText()));
        assertThat(document).isEqualTo(artefact.path("consent"));
        assertThat(document.path("bank").path("id").asText()).isEqualTo(BANK_ZZ.id());
        assertThat(document.path("enterprise").path("uscc").asText()).isEqualTo(USCC);
        assertThat(document.path("grantedBy").path("type").asText()).isEqualTo("ENTERPRISE");
        assertThat(document.path("fetch").path("frequency").path("value").asInt()).isEqualTo(3);
        assertThat(verifies(artefact, hubPublicKeyPem())).isTrue();

        Reply fetched = fetch(base, id, "purpose=CREDIT_ASSESSMENT&categories=DEVICE_KPIS,SUBSIDIES", BANK_ZZ);
        assertThat(fetched.status()).as(fetched.json().toString()).isEqualTo(200);
        JsonNode profile = fetched.json();
        assertThat(profile.path("subsidies").path("granted").asText()).isEqualTo("12345.67");  // 2024 only
        assertThat(profile.path("deviceKpis").path("devicesReporting").asLong()).isEqualTo(1);
        assertThat(profile.path("deviceKpis").path("parts").asLong()).isEqualTo(2);
        assertThat(profile.path("deviceKpis").has("devices")).as("aggregates, no device list").isFalse();
        assertThat(profile.has("cloudAdoption")).as("not asked").isFalse();
        assertThat(profile.has("digitalLevel")).as("not asked").isFalse();
        assertThat(profile.path("dataLifeUntil").asText()).isNotEmpty();

        Reply listed = SignedCall.get(base, "/api/v1/enterprises/" + USCC + "/consents").by(ENTERPRISE.signer()).send();
        assertThat(listed.status()).as(listed.json().toString()).isEqualTo(200);
        JsonNode mine = find(listed.json().path("consents"), id);
        assertThat(mine.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(mine.path("accesses")).hasSize(1);
        JsonNode access = mine.path("accesses").get(0);
        assertThat(access.path("bankId").asText()).isEqualTo(BANK_ZZ.id());
        assertThat(access.path("categories").toString()).isEqualTo("[\"DEVICE_KPIS\",\"SUBSIDIES\"]");
        String audited = jdbc.queryForObject("select action || ' ' || actor || ' ' || subject from audit_entry"
                + " where seq = ?", String.class, access.path("auditSeq").asLong());
        assertThat(audited).isEqualTo("fetchCreditProfile " + BANK_ZZ.id() + " consent/" + id);

        Reply revoked = revoke(base, id, "{\"reason\":\"贷款已结清\"}", ENTERPRISE);
        assertThat(revoked.status()).as(revoked.json().toString()).isEqualTo(200);
        assertThat(revoked.json().path("status").asText()).isEqualTo("REVOKED");

        Reply refused = fetch(base, id, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES", BANK_ZZ);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("content-type")).startsWith("application/problem+json");
        assertThat(refused.problemCode()).isEqualTo("consent-revoked");
        Reply bankReads = SignedCall.get(base, "/api/v1/consents/" + id).by(BANK_ZZ.signer()).send();
        assertThat(bankReads.json().path("status").asText()).isEqualTo("REVOKED");
    }

    @Test
    void wrongPurposeIsOutsideTheScope() throws Exception {
        String id = granted(base, consent(USCC, BANK_ZZ.id(), ALL, PERIODIC_3_A_DAY)).path("consentId").asText();
        Reply refused = fetch(base, id, "purpose=POST_LOAN_MONITORING&categories=SUBSIDIES", BANK_ZZ);
        assertScopeExceeded(refused, "#/query/purpose");
    }

    @Test
    void aCategoryNotConsentedIsRefused() throws Exception {
        String id = granted(base, consent(USCC, BANK_ZZ.id(), "\"CLOUD_ADOPTION\"", PERIODIC_3_A_DAY))
                .path("consentId").asText();
        assertScopeExceeded(fetch(base, id, "purpose=CREDIT_ASSESSMENT&categories=CLOUD_ADOPTION,SUBSIDIES",
                BANK_ZZ), "#/query/categories");
        Reply ok = fetch(base, id, "purpose=CREDIT_ASSESSMENT&categories=CLOUD_ADOPTION", BANK_ZZ);
        assertThat(ok.status()).as(ok.json().toString()).isEqualTo(200);
        assertThat(ok.json().path("cloudAdoption").path("saasApps").asLong()).isEqualTo(1);
        assertThat(ok.json().has("subsidies")).isFalse();
    }

    @Test
    void aDataPeriodOutsideTheConsentsIsRefused() throws Exception {
        String id = granted(base, consent(USCC, BANK_ZZ.id(), ALL, PERIODIC_3_A_DAY)).path("consentId").asText();
        assertScopeExceeded(fetch(base, id, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES&from=2023-12-31",
                BANK_ZZ), "#/query/from");
        assertScopeExceeded(fetch(base, id, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES&to=2025-01-01",
                BANK_ZZ), "#/query/to");
        Reply inside = fetch(base, id, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES&from=2024-06-01&to=2024-12-31",
                BANK_ZZ);
        assertThat(inside.status()).isEqualTo(200);
        assertThat(inside.json().path("subsidies").path("granted").asText()).isEqualTo("0.00");
    }

    @Test
    void fetchesBeyondTheFrequencyAreRefused() throws Exception {
        String once = granted(base, consent(USCC, BANK_ZZ.id(), ALL, ONETIME)).path("consentId").asText();
        assertThat(fetch(base, once, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES", BANK_ZZ).status()).isEqualTo(200);
        Reply again = fetch(base, once, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES", BANK_ZZ);
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.problemCode()).isEqualTo("consent-frequency-exceeded");

        String periodic = granted(base, consent(USCC, BANK_ZZ.id(), ALL, PERIODIC_3_A_DAY)).path("consentId").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(fetch(base, periodic, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES", BANK_ZZ).status())
                    .isEqualTo(200);
        }
        Reply fourth = fetch(base, periodic, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES", BANK_ZZ);
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.problemCode()).isEqualTo("consent-frequency-exceeded");
        assertThat(jdbc.queryForObject("select count(*) from consent_access where consent_id = ?", Long.class,
                periodic)).as("refused fetches are not recorded as accesses").isEqualTo(3);
    }

    @Test
    void anotherBanksConsentIsNotFound() throws Exception {
        String id = granted(base, consent(USCC, BANK_ZZ.id(), ALL, PERIODIC_3_A_DAY)).path("consentId").asText();
        Reply other = fetch(base, id, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES", BANK_ZZ2);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.problemCode()).isEqualTo("consent-not-found");
        assertThat(SignedCall.get(base, "/api/v1/consents/" + id).by(BANK_ZZ2.signer()).send().problemCode())
                .isEqualTo("consent-not-found");
    }

    @Test
    void anExpiredConsentIsRefused() throws Exception {
        String id = granted(base, consent(USCC, BANK_ZZ.id(), ALL, PERIODIC_3_A_DAY)).path("consentId").asText();
        // the validity has passed (the clock is not moved: the stored expiry is)
        jdbc.update("update consent set valid_until = ? where consent_id = ?",
                Timestamp.from(Instant.now().minusSeconds(1)), id);
        Reply refused = fetch(base, id, "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES", BANK_ZZ);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problemCode()).isEqualTo("consent-expired");
    }

    @Test
    void aForgedOrAlteredArtefactDoesNotVerify(@TempDir Path dir) throws Exception {
        JsonNode artefact = granted(base, consent(USCC, BANK_ZZ.id(), "\"SUBSIDIES\"", ONETIME));
        String hubKey = hubPublicKeyPem();
        // altered: the bank's name for another bank, the signature kept
        ObjectNode document = (ObjectNode) JSON.readTree(Base64.getDecoder().decode(artefact.path("payload").asText()));
        ((ObjectNode) document.path("bank")).put("id", BANK_ZZ2.id());
        ObjectNode altered = ((ObjectNode) artefact.deepCopy()).put("payload",
                Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(document)));
        // forged: a document signed with a key that is not the hub's
        var forger = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
        byte[] forgedBytes = JSON.writeValueAsBytes(document);
        ObjectNode forged = ((ObjectNode) artefact.deepCopy()).put("payload",
                Base64.getEncoder().encodeToString(forgedBytes));
        ((ObjectNode) forged.path("signature")).put("value", Base64.getEncoder().encodeToString(
                cn.smedt.security.signature.Signers.create(SignatureAlgorithm.SM2_SM3, forger.getPrivate(), "x")
                        .sign(forgedBytes)));

        assertThat(verifies(artefact, hubKey)).isTrue();
        assertThat(verifies(altered, hubKey)).isFalse();
        assertThat(verifies(forged, hubKey)).isFalse();

        // the same with OpenSSL, as docs/consent.md tells a bank to
        assumeTrue(openSslDoesSm2(dir), "this machine's OpenSSL has no SM2");
        Files.writeString(dir.resolve("hub.pub.pem"), hubKey);
        assertThat(openSslVerify(dir, artefact)).isEqualTo("Verified OK");
        assertThat(openSslVerify(dir, altered)).isEqualTo("Verification failure");
        assertThat(openSslVerify(dir, forged)).isEqualTo("Verification failure");

        // and a made-up consent id is not one
        Reply unknown = fetch(base, "CN000000000000000000000000", "purpose=CREDIT_ASSESSMENT&categories=SUBSIDIES",
                BANK_ZZ);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemCode()).isEqualTo("consent-not-found");
    }

    @Test
    void onlyTheEnterpriseOrTheGovernmentOnItsInstructionGrantsAndRevokes() throws Exception {
        Reply forOther = grant(base, consent(OTHER_USCC, BANK_ZZ.id(), ALL, ONETIME), ENTERPRISE);
        assertThat(forOther.status()).as(forOther.json().toString()).isEqualTo(403);
        assertThat(forOther.problemCode()).isEqualTo("consent-grantor-denied");
        Reply byBank = grant(base, consent(USCC, BANK_ZZ.id(), ALL, ONETIME), BANK_ZZ);
        assertThat(byBank.problemCode()).isEqualTo("scope-denied");
        Reply noInstruction = grant(base, consent(USCC, BANK_ZZ.id(), ALL, ONETIME), GOV_ZZ);
        assertThat(noInstruction.problemCode()).isEqualTo("consent-invalid");
        assertThat(noInstruction.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/instruction");
        Reply unknownBank = grant(base, consent(USCC, "bank-nowhere", ALL, ONETIME), ENTERPRISE);
        assertThat(unknownBank.problemCode()).isEqualTo("consent-invalid");

        String withInstruction = consent(USCC, BANK_ZZ.id(), ALL, ONETIME).replaceFirst("\\}$",
                ",\"instruction\":{\"reference\":\"GY-2024-0815\",\"receivedOn\":\"2024-08-15\","
                        + "\"channel\":\"SERVICE_COUNTER\"}}");
        Reply byGovernment = grant(base, withInstruction, GOV_ZZ);
        assertThat(byGovernment.status()).as(byGovernment.json().toString()).isEqualTo(201);
        JsonNode grantedBy = byGovernment.json().path("consent").path("grantedBy");
        assertThat(grantedBy.path("type").asText()).isEqualTo("GOVERNMENT");
        assertThat(grantedBy.path("instruction").path("reference").asText()).isEqualTo("GY-2024-0815");
        String id = byGovernment.json().path("consentId").asText();

        Reply bankRevokes = revoke(base, id, "{}", BANK_ZZ);
        assertThat(bankRevokes.problemCode()).isEqualTo("scope-denied");
        Reply governmentWithout = revoke(base, id, "{}", GOV_ZZ);
        assertThat(governmentWithout.problemCode()).isEqualTo("consent-invalid");
        Reply enterpriseRevokes = revoke(base, id, "{}", ENTERPRISE);
        assertThat(enterpriseRevokes.status()).isEqualTo(200);
        Reply otherList = SignedCall.get(base, "/api/v1/enterprises/" + OTHER_USCC + "/consents")
                .by(ENTERPRISE.signer()).send();
        assertThat(otherList.problemCode()).isEqualTo("enterprise-not-found");
    }

    private static void assertScopeExceeded(Reply refused, String pointer) throws Exception {
        assertThat(refused.status()).as(refused.json().toString()).isEqualTo(403);
        assertThat(refused.problemCode()).isEqualTo("consent-scope-exceeded");
        assertThat(refused.json().path("errors").get(0).path("pointer").asText()).isEqualTo(pointer);
    }

    private static JsonNode find(JsonNode consents, String id) {
        for (JsonNode consent : consents) {
            if (consent.path("consentId").asText().equals(id)) {
                return consent;
            }
        }
        throw new AssertionError("no consent " + id + " in " + consents);
    }

    /** The hub key as a bank gets it: GET /.well-known/hub-keys. */
    private String hubPublicKeyPem() throws Exception {
        HttpResponse<String> keys = cn.smedt.hub.TestTls.httpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/.well-known/hub-keys")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode key = JSON.readTree(keys.body()).path("keys").get(0);
        assertThat(key.path("keyid").asText()).isEqualTo(hub.keyId());
        return key.path("publicKeyPem").asText();
    }

    /** Verifies as a bank would in Java: the signature over the decoded payload, with the hub's published key. */
    static boolean verifies(JsonNode artefact, String hubKeyPem) throws Exception {
        SignatureAlgorithm alg = SignatureAlgorithm.fromToken(artefact.path("signature").path("alg").asText())
                .orElseThrow();
        return Verifiers.create(alg, PemKeys.readPublicKey(hubKeyPem)).verify(
                Base64.getDecoder().decode(artefact.path("payload").asText()),
                Base64.getDecoder().decode(artefact.path("signature").path("value").asText()));
    }

    private static boolean openSslDoesSm2(Path dir) throws Exception {
        try {
            return run(dir, "openssl", "genpkey", "-algorithm", "SM2", "-out", dir.resolve("probe.pem").toString())
                    .exit == 0;
        } catch (java.io.IOException noOpenSsl) {
            return false;
        }
    }

    /** The commands of docs/consent.md, "Verifying an artefact", with the files a bank would write. */
    private static String openSslVerify(Path dir, JsonNode artefact) throws Exception {
        Files.write(dir.resolve("consent.json"), Base64.getDecoder().decode(artefact.path("payload").asText()));
        Files.write(dir.resolve("consent.sig"), Base64.getDecoder().decode(
                artefact.path("signature").path("value").asText()));
        return run(dir, "openssl", "dgst", "-sm3", "-verify", "hub.pub.pem", "-sigopt", "distid:1234567812345678",
                "-signature", "consent.sig", "consent.json").out.trim();
    }

    private record Ran(int exit, String out) {
    }

    private static Ran run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), out);
    }
}
