package cn.smedt.hub.deadletters;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubTestNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Durable delivery (issue 7): a government platform that is down past every retry leaves the decision in the
 * dead-letter queue, not lost; the operator lists it through the signed admin API and, once the platform is back,
 * replays it: delivered exactly once more, and the dead-letter queue is empty.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterIT {

    static final WireMockServer GOV = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final String PILOT = "91410000170001401D";
    static final int ATTEMPTS = 3;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        GOV.start();
        HubTestNode.isolate(registry);
        TestPartners.register(registry);
        registry.add("hub.delivery.government-url", () -> GOV.baseUrl() + "/gov/decisions");
        registry.add("hub.messaging.redelivery-delay", () -> "50ms");
        registry.add("hub.messaging.max-delivery-attempts", () -> String.valueOf(ATTEMPTS));
    }

    @AfterAll
    static void stop() {
        GOV.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDecisionThatFailedEveryAttemptIsListedAndReplayedOnce() throws Exception {
        String base = "http://127.0.0.1:" + port;
        GOV.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(500)));
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                .status()).isEqualTo(201);
        String loanId = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan("DL-1", PILOT, "1000000.00",
                "2024-03-01", "2026-03-01")).by(BANK_ZZ.signer()).send().json().path("loanId").asText();
        assertThat(SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                LoanSubsidyIT.period("2024-03-01", "2024-04-01", "1000000.00", "3000.00")).by(BANK_ZZ.signer())
                .send().status()).isEqualTo(202);

        JsonNode letter = await().atMost(Duration.ofSeconds(60)).until(() -> SignedCall.get(base,
                "/api/v1/dead-letters").by(GOV_ZZ.signer()).send().json().path(0), l -> !l.isMissingNode());
        String decisionId = letter.path("body").asText();
        assertThat(letter.path("originalQueue").asText()).isEqualTo("deliveries");
        assertThat(letter.path("headers").path("HubTarget").asText()).isEqualTo("GOVERNMENT");
        assertThat(decisionId).startsWith("SD");
        GOV.verify(ATTEMPTS, postRequestedFor(urlEqualTo("/gov/decisions")));
        assertThat(jdbc.queryForObject("select status from delivery where decision_id = ?", String.class,
                decisionId)).isNotEqualTo("DELIVERED");

        Reply bank = SignedCall.post(base, "/api/v1/dead-letters/" + letter.path("messageId").asText() + "/replay",
                "{}").by(BANK_ZZ.signer()).send();
        assertThat(bank.problemCode()).isEqualTo("scope-denied");

        GOV.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(200)));
        Reply replayed = SignedCall.post(base, "/api/v1/dead-letters/" + letter.path("messageId").asText()
                + "/replay", "{}").by(GOV_ZZ.signer()).send();
        assertThat(replayed.status()).as(replayed.json().toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(jdbc.queryForObject(
                "select status from delivery where decision_id = ?", String.class, decisionId)));
        GOV.verify(ATTEMPTS + 1, postRequestedFor(urlEqualTo("/gov/decisions")));
        assertThat(SignedCall.get(base, "/api/v1/dead-letters").by(GOV_ZZ.signer()).send().json())
                .as("dead letters after replaying " + letter.path("messageId").asText()).isEmpty();
        Reply again = SignedCall.post(base, "/api/v1/dead-letters/" + letter.path("messageId").asText() + "/replay",
                "{}").by(GOV_ZZ.signer()).send();
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.problemCode()).isEqualTo("dead-letter-not-found");
    }
}
