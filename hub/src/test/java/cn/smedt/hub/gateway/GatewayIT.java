package cn.smedt.hub.gateway;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.kernel.HubIdentity;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.EXPIRED;
import static cn.smedt.hub.TestPartners.GOV_WH;
import static cn.smedt.hub.TestPartners.GOV_YK;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.MessageVerifier;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.Verifiers;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The signed gateway end to end on a running hub: a correctly signed request is stored and answered with a
 * signed response; each broken request is refused with its own code, signed too, and stores nothing.
 */
@HubIT(shares = "partner-api")
class GatewayIT {

    private static final String ENTERPRISES = "/api/v1/enterprises";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubIdentity hubIdentity;

    private String base;
    private MessageVerifier hub;

    @BeforeEach
    void setUp() throws SignatureCheckException {
        base = HubNode.url(port);
        hub = Verifiers.create(hubIdentity.algorithm(), hubIdentity.publicKey());
    }

    static String enterprise(String uscc, String region) {
        return """
                {"uscc":"%s","name":"巩义市某耐火材料有限公司","regionCode":"%s","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":["SPECIALISED_SME"],"pilot":true,"pilotBatch":"2024-1"}"""
                .formatted(uscc, region);
    }

    private long stored() {
        return jdbc.queryForObject("select count(*) from enterprise", Long.class);
    }

    private void assertRefused(Reply reply, int status, String code, long storedBefore) throws Exception {
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        assertThat(reply.header("content-type")).startsWith("application/problem+json");
        assertThat(reply.problemCode()).isEqualTo(code);
        assertThat(reply.json().path("type").asText()).endsWith(code);
        reply.verifyHubSignature(hub);
        assertThat(stored()).as("nothing stored").isEqualTo(storedBefore);
    }

    @Test
    void correctlySignedSm2RequestIsStoredAndTheAnswerIsSignedByTheHub() throws Exception {
        // a USCC no other test registers, so this one sees the first registration (201)
        String fresh = "91410181MA0000001" + Uscc.checkCharacter("91410181MA0000001");
        Reply reply = SignedCall.post(base, ENTERPRISES, enterprise(fresh, "410181"))
                .by(GOV_ZZ.signer()).send();

        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
        assertThat(reply.json().path("uscc").asText()).isEqualTo(fresh);
        assertThat(reply.header("signature-input")).contains("\"signature\";req;key=\"sig1\"");
        reply.verifyHubSignature(hub);
        assertThat(jdbc.queryForObject("select region_code from enterprise where uscc = ?", String.class,
                fresh)).isEqualTo("410181");

        Reply read = SignedCall.get(base, ENTERPRISES + "/" + fresh).by(BANK_ZZ.signer()).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("name").asText()).isEqualTo("巩义市某耐火材料有限公司");
        read.verifyHubSignature(hub);
    }

    @Test
    void ecdsaAndEd25519PartnersAreAcceptedToo() throws Exception {
        Reply wuhan = SignedCall.post(base, ENTERPRISES, enterprise("91350100M000100Y43", "420111"))
                .by(GOV_WH.signer()).send();
        Reply yongkang = SignedCall.post(base, ENTERPRISES, enterprise("91330000755918469E", "330784"))
                .by(GOV_YK.signer()).send();
        assertThat(wuhan.status()).as(wuhan.json().toString()).isEqualTo(201);
        assertThat(yongkang.status()).as(yongkang.json().toString()).isEqualTo(201);
    }

    @Test
    void bodyChangedInTransitIsRefusedByItsDigest() throws Exception {
        long before = stored();
        Reply reply = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .tamperBodyAfterDigest(enterprise("91410000170001401D", "410182")).by(GOV_ZZ.signer()).send();
        assertRefused(reply, 400, "digest-mismatch", before);
    }

    @Test
    void bodyAndDigestChangedTogetherBreakTheSignature() throws Exception {
        long before = stored();
        Reply reply = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .tamperBodyAndDigest(enterprise("91410000170001401D", "410182")).by(GOV_ZZ.signer()).send();
        assertRefused(reply, 401, "signature-invalid", before);
    }

    @Test
    void signatureByAnotherKeyIsRefused() throws Exception {
        long before = stored();
        Reply reply = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .by(GOV_ZZ.impostor()).send();
        assertRefused(reply, 401, "signature-invalid", before);
    }

    @Test
    void expiredAndFutureCreatedAreRefused() throws Exception {
        long before = stored();
        long now = Instant.now().getEpochSecond();
        assertRefused(SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .created(now - 301).by(GOV_ZZ.signer()).send(), 401, "signature-expired", before);
        assertRefused(SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .created(now + 120).by(GOV_ZZ.signer()).send(), 401, "signature-created-in-future", before);
    }

    @Test
    void replayedNonceIsRefused() throws Exception {
        Reply first = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410183"))
                .nonce("replay-me-1").idempotencyKey("replay-key-1").by(GOV_ZZ.signer()).send();
        assertThat(first.status()).isIn(200, 201);
        long before = stored();
        Reply replay = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410183"))
                .nonce("replay-me-1").idempotencyKey("replay-key-2").by(GOV_ZZ.signer()).send();
        assertRefused(replay, 401, "nonce-replayed", before);
    }

    @Test
    void partnerWithoutTheScopeIsRefused() throws Exception {
        long before = stored();
        Reply reply = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .by(BANK_ZZ.signer()).send();
        assertRefused(reply, 403, "scope-denied", before);
    }

    @Test
    void regionOutsideThePartnersIsRefusedWithItsPointer() throws Exception {
        long before = stored();
        Reply reply = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .by(GOV_WH.signer()).send();
        assertRefused(reply, 403, "region-denied", before);
        assertThat(reply.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/regionCode");
    }

    @Test
    void malformedJsonIsRefused() throws Exception {
        long before = stored();
        Reply reply = SignedCall.post(base, ENTERPRISES, "{\"uscc\": \"91410000170001401D\", ").by(GOV_ZZ.signer())
                .send();
        assertRefused(reply, 400, "json-malformed", before);
    }

    @Test
    void fieldOfTheWrongTypeIsRefusedWithItsPointer() throws Exception {
        long before = stored();
        String body = enterprise("91410000170001401D", "410181").replace("\"pilot\":true", "\"pilot\":\"yes\"");
        Reply reply = SignedCall.post(base, ENTERPRISES, body).by(GOV_ZZ.signer()).send();
        assertRefused(reply, 400, "validation-failed", before);
        assertThat(reply.json().path("errors").get(0).path("code").asText()).isEqualTo("field-type");
        assertThat(reply.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/pilot");
    }

    @Test
    void unknownFieldIsRefused() throws Exception {
        long before = stored();
        String body = enterprise("91410000170001401D", "410181").replace("{\"uscc\"", "{\"extra\":1,\"uscc\"");
        Reply reply = SignedCall.post(base, ENTERPRISES, body).by(GOV_ZZ.signer()).send();
        assertRefused(reply, 400, "validation-failed", before);
        assertThat(reply.json().path("errors").get(0).path("code").asText()).isEqualTo("field-unknown");
    }

    @Test
    void invalidUsccCheckCharacterIsRefused() throws Exception {
        long before = stored();
        Reply reply = SignedCall.post(base, ENTERPRISES, enterprise("91310115MA1H8R7C6D", "410181"))
                .by(GOV_ZZ.signer()).send();
        assertRefused(reply, 400, "uscc-invalid", before);
        assertThat(reply.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/uscc");
    }

    @Test
    void unknownRegionAndCityLevelRegionAreRefused() throws Exception {
        long before = stored();
        assertRefused(SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410199"))
                .by(GOV_ZZ.signer()).send(), 400, "region-unknown", before);
        assertRefused(SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410100"))
                .by(GOV_ZZ.signer()).send(), 400, "region-not-county", before);
    }

    @Test
    void unknownKeyExpiredKeyAndMissingSignatureAreRefused() throws Exception {
        long before = stored();
        var stranger = new TestPartners.TestPartner("stranger", "BANK", "410100", "", GOV_ZZ.algorithm(),
                PemKeys.generate(GOV_ZZ.algorithm()));
        assertRefused(SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .by(stranger.signer()).send(), 401, "key-unknown", before);
        assertRefused(SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .by(EXPIRED.signer()).send(), 401, "key-not-valid", before);
        assertRefused(SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .unsigned().send(), 401, "signature-missing", before);
        assertRefused(SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .covering("@method", "content-digest", "content-type").by(GOV_ZZ.signer()).send(), 401,
                "signature-component-missing", before);
    }

    @Test
    void sameIdempotencyKeyReturnsTheStoredAnswerAndRefusesAnotherBody() throws Exception {
        Reply first = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410184"))
                .idempotencyKey("idem-same-key-1").by(GOV_ZZ.signer()).send();
        Reply again = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410184"))
                .idempotencyKey("idem-same-key-1").by(GOV_ZZ.signer()).send();
        assertThat(again.status()).isEqualTo(first.status());
        assertThat(again.response().body()).isEqualTo(first.response().body());
        assertThat(again.header("idempotent-replayed")).isEqualTo("true");
        again.verifyHubSignature(hub);

        long before = stored();
        Reply other = SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410185"))
                .idempotencyKey("idem-same-key-1").by(GOV_ZZ.signer()).send();
        assertRefused(other, 422, "idempotency-key-reused", before);
        assertThat(jdbc.queryForObject("select region_code from enterprise where uscc = ?", String.class,
                "91410000170001401D")).isEqualTo("410184");
    }

    @Test
    void missingIdempotencyKeyAndUnknownOperationAreRefused() throws Exception {
        long before = stored();
        assertRefused(SignedCall.post(base, ENTERPRISES, enterprise("91410000170001401D", "410181"))
                .idempotencyKey("").by(GOV_ZZ.signer()).send(), 400, "idempotency-key-missing", before);
        assertRefused(SignedCall.get(base, "/api/v1/nothing-here").by(GOV_ZZ.signer()).send(), 404,
                "operation-unknown", before);
    }

    @Test
    void aTamperedHubResponseDoesNotVerify() throws Exception {
        Reply reply = SignedCall.get(base, ENTERPRISES + "/91330000755918469E").by(GOV_ZZ.signer()).send();
        MessageVerifier wrongHub = Verifiers.create(GOV_ZZ.algorithm(), GOV_ZZ.keys().getPublic());
        assertThatThrownBy(() -> reply.verifyHubSignature(wrongHub)).isInstanceOf(SignatureCheckException.class);
    }

    @Test
    void theContractsAreServedWithABrowsablePage() throws Exception {
        java.net.http.HttpClient http = cn.smedt.hub.TestTls.httpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(path, e);
            }
        };
        assertThat(get.apply("/api-docs/specs").body()).contains("\"name\":\"loans\"", "\"name\":\"enterprises\"",
                "\"name\":\"assessments\"", "\"name\":\"cloud-adoption\"");
        var loans = get.apply("/api-docs/loans.yaml");
        assertThat(loans.statusCode()).isEqualTo(200);
        assertThat(loans.body()).contains("operationId: submitLoan");
        assertThat(get.apply("/api-docs/index.html").body()).contains("swagger-ui");
        var page = get.apply("/api-docs/"); // the address the banner prints: the page, not a 404
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue("/api-docs/index.html");
        // the page opens on a contract with operations; common (shared schemas) is served, not listed
        assertThat(get.apply("/api-docs/specs").body()).startsWith("[{\"name\":\"enterprises\"")
                .doesNotContain("\"name\":\"common\"");
        assertThat(get.apply("/api-docs/common.yaml").statusCode()).isEqualTo(200);
        assertThat(get.apply("/webjars/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        assertThat(get.apply("/api-docs/nothing.yaml").statusCode()).isEqualTo(404);
    }
}
