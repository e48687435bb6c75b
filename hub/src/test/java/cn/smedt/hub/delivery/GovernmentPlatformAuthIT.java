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

import cn.smedt.connectors.govauth.zhengding.ZhengdingHmacAuth;
import cn.smedt.connectors.govauth.zhengding.ZhengdingHmacVerifier;
import java.time.Clock;
import cn.smedt.hub.HubTestNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.TestPartners;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A government platform that speaks the 浙政钉 HMAC scheme (WireMock checking the HMAC itself) receives the hub's
 * decisions with both its own HMAC headers and the hub's RFC 9421 signature; a wrong secret would get no match.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GovernmentPlatformAuthIT {

    static final WireMockServer PLATFORM = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final String SECRET = "test-fixture-zzd-secret";
    static final String PILOT = "91410000170001401D";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PLATFORM.start();
        HubTestNode.isolate(registry);
        TestPartners.register(registry);
        registry.add("hub.delivery.government-url", () -> PLATFORM.baseUrl() + "/open/subsidy-events?tenant=410100");
        registry.add("hub.delivery.government-auth.scheme", () -> "zhengding-hmac");
        registry.add("hub.delivery.government-auth.api-key", () -> "app-hub-1");
        registry.add("hub.delivery.government-auth.secret", () -> SECRET);
    }

    @AfterAll
    static void stop() {
        PLATFORM.stop();
    }

    @LocalServerPort
    int port;

    static MatchResult signedByTheHubAndHmac(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : new String[] {ZhengdingHmacAuth.TIMESTAMP_HEADER, ZhengdingHmacAuth.VERSION_HEADER,
            ZhengdingHmacAuth.NONCE_HEADER, ZhengdingHmacAuth.API_KEY_HEADER, ZhengdingHmacAuth.SIGNATURE_HEADER}) {
            headers.put(name, request.getHeader(name));
        }
        URI uri = URI.create(request.getUrl());
        boolean authentic = ZhengdingHmacVerifier.forSingleKey("app-hub-1", SECRET, Clock.systemUTC(),
                Duration.ofMinutes(5)).check("POST", uri.getRawPath(), uri.getRawQuery(), headers).isEmpty();
        return MatchResult.of(authentic && request.containsHeader("Signature")
                && request.containsHeader("Content-Digest"));
    }

    @Test
    void decisionsReachThePlatformWithItsHmacAndTheHubSignature() throws Exception {
        PLATFORM.stubFor(post(urlPathEqualTo("/open/subsidy-events"))
                .andMatching(GovernmentPlatformAuthIT::signedByTheHubAndHmac).willReturn(aResponse().withStatus(200)));
        String base = "http://127.0.0.1:" + port;
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                .status()).isEqualTo(201);
        String loanId = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan("ZZD-1", PILOT, "1000000.00",
                "2024-03-01", "2026-03-01")).by(BANK_ZZ.signer()).send().json().path("loanId").asText();
        SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                LoanSubsidyIT.period("2024-03-01", "2024-04-01", "1000000.00", "3000.00")).by(BANK_ZZ.signer()).send();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                PLATFORM.verify(1, postRequestedFor(urlPathEqualTo("/open/subsidy-events"))));
        assertThat(PLATFORM.findAllUnmatchedRequests()).as("every delivery passed the platform's HMAC check").isEmpty();
    }
}
