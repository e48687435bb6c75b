package cn.smedt.hub.delivery;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubSignedRequests;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A government platform that speaks the 浙政钉 HMAC scheme (WireMock checking the HMAC itself) receives the hub's
 * decisions with both its own HMAC headers and the hub's RFC 9421 signature. The test checks both as the platform
 * would, without the hub's code: the HMAC-SHA256 recomputed here from the shared secret over the documented text
 * ({@code METHOD\nTIMESTAMP\nNONCE\nPATH\nsorted query}, shared/DOMAIN.md), the signature verified with the hub's
 * public key over the received request. A platform holding another secret refuses every delivery (401): the hub
 * does not count the decision as delivered, retries it up to its attempts, then dead-letters it.
 */
@HubIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernmentPlatformAuthIT {

    static final WireMockServer PLATFORM = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final String PATH = "/open/subsidy-events";
    static final String API_KEY = "app-hub-1";
    static final String SECRET = "test-fixture-zzd-secret";
    /** The secret of a platform the hub was not configured for. */
    static final String OTHER_SECRET = "test-fixture-zzd-other-secret";
    static final String PILOT = "91410000170001401D";
    static final int ATTEMPTS = 3;

    @HubIT.Settings
    static void node(HubNode node) {
        PLATFORM.start();
        node.set("hub.delivery.government-url", PLATFORM.baseUrl() + PATH + "?tenant=410100");
        node.set("hub.delivery.government-auth.scheme", "zhengding-hmac");
        node.set("hub.delivery.government-auth.api-key", API_KEY);
        node.set("hub.delivery.government-auth.secret", SECRET);
        // a refused delivery is dead-lettered after a few quick attempts
        node.set("hub.messaging.redelivery-delay", "50ms");
        node.set("hub.messaging.max-delivery-attempts", ATTEMPTS);
    }

    @AfterAll
    static void stop() {
        PLATFORM.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    HubIdentity hubIdentity;

    @Autowired
    JdbcTemplate jdbc;

    String base;

    @BeforeEach
    void setUp() throws Exception {
        base = HubNode.url(port);
        PLATFORM.resetAll();
        if (jdbc.queryForObject("select count(*) from enterprise where uscc = ?", Long.class, PILOT) == 0) {
            assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                    {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                     "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                    .status()).isEqualTo(201);
        }
    }

    /**
     * The platform's check of the 浙政钉 headers with {@code secret}: the application's key, the version, and the
     * signature equal to Base64(HMAC-SHA256(secret, text)) recomputed here.
     */
    static boolean hmacVerifies(Request request, String secret) {
        String signature = request.getHeader("X-Hmac-Auth-Signature");
        if (signature == null || !API_KEY.equals(request.getHeader("apiKey"))
                || !"1.0".equals(request.getHeader("X-Hmac-Auth-Version"))) {
            return false;
        }
        URI uri = URI.create(request.getUrl());
        String text = request.getMethod().getName() + "\n" + request.getHeader("X-Hmac-Auth-Timestamp") + "\n"
                + request.getHeader("X-Hmac-Auth-Nonce") + "\n" + uri.getRawPath() + sortedQuery(uri.getRawQuery());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code \nk1=v1&k2=v2}: the decoded query parameters sorted by name then value; empty without a query. */
    static String sortedQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            params.add(Map.entry(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
        }
        return "\n" + params.stream().sorted(Map.Entry.<String, String>comparingByKey()
                        .thenComparing(Map.Entry.comparingByValue()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    /** A platform that accepts (200) only what its {@code secret} verifies and refuses the rest (401). */
    static void platformWithSecret(String secret) {
        PLATFORM.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
                .andMatching(request -> MatchResult.of(hmacVerifies(request, secret)))
                .willReturn(aResponse().withStatus(200)));
        PLATFORM.stubFor(post(urlPathEqualTo(PATH)).atPriority(2).willReturn(aResponse().withStatus(401)));
    }

    /** A loan of the bank with one interest period: one decision, delivered to the platform. */
    String decide(String bankLoanId) throws Exception {
        String loanId = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan(bankLoanId, PILOT, "1000000.00",
                "2024-03-01", "2026-03-01")).by(BANK_ZZ.signer()).send().json().path("loanId").asText();
        Reply period = SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                LoanSubsidyIT.period("2024-03-01", "2024-04-01", "1000000.00", "3000.00")).by(BANK_ZZ.signer())
                .send();
        assertThat(period.status()).as(period.json().toString()).isEqualTo(202);
        return loanId;
    }

    /** Every request the platform received carries the hub's signature and the HMAC of the hub's secret. */
    void assertSignedByTheHub(List<LoggedRequest> received) throws Exception {
        assertThat(received).isNotEmpty();
        for (LoggedRequest request : received) {
            HubSignedRequests.assertHubSigned(request, hubIdentity);
            assertThat(hmacVerifies(request, SECRET)).as("HMAC with the shared secret").isTrue();
            assertThat(hmacVerifies(request, OTHER_SECRET)).as("HMAC with another secret").isFalse();
        }
    }

    @Test
    @Order(1)
    void decisionsReachThePlatformWithItsHmacAndTheHubSignature() throws Exception {
        platformWithSecret(SECRET);
        decide("ZZD-1");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                PLATFORM.verify(1, postRequestedFor(urlPathEqualTo(PATH))));
        assertThat(PLATFORM.findAllUnmatchedRequests()).as("every delivery passed the platform's HMAC check").isEmpty();
        assertSignedByTheHub(PLATFORM.findAll(postRequestedFor(urlPathEqualTo(PATH))));
    }

    @Test
    @Order(2)
    void aPlatformWithAnotherSecretRefusesAndTheDecisionIsRetriedThenDeadLettered() throws Exception {
        platformWithSecret(OTHER_SECRET);
        String loanId = decide("ZZD-2");
        String decisionId = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "select decision_id from subsidy_decision where loan_id = ?", String.class, loanId),
                ids -> ids.size() == 1).get(0);

        JsonNode letter = await().atMost(Duration.ofSeconds(60)).until(() -> deadLetter(decisionId),
                found -> !found.isMissingNode());
        assertThat(letter.path("originalQueue").asText()).isEqualTo("deliveries");
        assertThat(letter.path("headers").path("HubTarget").asText()).isEqualTo("GOVERNMENT");
        List<LoggedRequest> received = PLATFORM.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(received).as("one request per attempt, each refused").hasSize(ATTEMPTS);
        assertSignedByTheHub(received);
        Map<String, Object> delivery = jdbc.queryForMap("select status, attempts, last_error from delivery"
                + " where decision_id = ? and target = 'GOVERNMENT'", decisionId);
        assertThat(delivery.get("status")).as("not counted as delivered").isEqualTo("RETRYING");
        assertThat(((Number) delivery.get("attempts")).intValue()).isEqualTo(ATTEMPTS);
        assertThat(String.valueOf(delivery.get("last_error"))).startsWith("HTTP 401");
    }

    /** The dead letter of the decision's delivery, or a missing node while there is none. */
    JsonNode deadLetter(String decisionId) throws Exception {
        Reply reply = SignedCall.get(base, "/api/v1/dead-letters").by(GOV_ZZ.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(200);
        for (JsonNode letter : reply.json().path("items")) {
            if (decisionId.equals(letter.path("body").asText())) {
                return letter;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
