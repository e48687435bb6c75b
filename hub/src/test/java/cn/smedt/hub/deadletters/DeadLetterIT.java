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

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
 * Durable delivery (issue 7): a government platform that is down past every retry leaves the decision in the
 * dead-letter queue, not lost; the operator lists it through the signed admin API and, once the platform is back,
 * replays it: delivered exactly once more, and the dead-letter queue is empty. Issue 16: the list is paged with a
 * total, filtered by target and by the time of the last failure ({@code failedAt}, stamped when the last attempt
 * failed, not the message's first send), refuses bad parameters with problem+json pointing at them, and the
 * operator replays every letter that matches a filter at once. A short retry count (3 attempts) keeps it quick.
 */
@HubIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterIT {

    static final WireMockServer GOV = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final String PILOT = "91410000170001401D";
    static final int ATTEMPTS = 3;

    @HubIT.Settings
    static void node(HubNode node) {
        GOV.start();
        node.set("hub.delivery.government-url", GOV.baseUrl() + "/gov/decisions");
        node.partner(BANK_ZZ, "webhook-url", GOV.baseUrl() + "/bank-zz/webhook");
        node.set("hub.messaging.redelivery-delay", "50ms");
        node.set("hub.messaging.max-delivery-attempts", String.valueOf(ATTEMPTS));
    }

    @AfterAll
    static void stop() {
        GOV.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    String base;

    @BeforeEach
    void setUp() throws Exception {
        base = HubNode.url(port);
        GOV.resetAll();
        GOV.stubFor(post("/bank-zz/webhook").willReturn(aResponse().withStatus(204)));
        if (jdbc.queryForObject("select count(*) from enterprise", Long.class) == 0) {
            assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                    {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                     "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                    .status()).isEqualTo(201);
        }
    }

    @Test
    @Order(1)
    void aDecisionThatFailedEveryAttemptIsListedAndReplayedOnce() throws Exception {
        GOV.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(500)));
        decide("DL-1", 1);

        JsonNode page = await().atMost(Duration.ofSeconds(60)).until(() -> list(""),
                p -> p.path("total").asInt() == 1);
        JsonNode letter = page.path("items").path(0);
        String decisionId = letter.path("body").asText();
        assertThat(letter.path("originalQueue").asText()).isEqualTo("deliveries");
        assertThat(letter.path("headers").path("HubTarget").asText()).isEqualTo("GOVERNMENT");
        assertThat(letter.path("headers").has("HubFailedAt")).as("the stamp is failedAt, not a header").isFalse();
        assertThat(decisionId).startsWith("SD");
        GOV.verify(ATTEMPTS, postRequestedFor(urlEqualTo("/gov/decisions")));
        Instant lastAttempt = GOV.findAll(postRequestedFor(urlEqualTo("/gov/decisions"))).stream()
                .map(request -> request.getLoggedDate().toInstant()).max(Instant::compareTo).orElseThrow();
        assertThat(Instant.parse(letter.path("failedAt").asText())).as("failedAt: when the last attempt failed")
                .isAfterOrEqualTo(lastAttempt.truncatedTo(ChronoUnit.MILLIS));
        assertThat(jdbc.queryForObject("select status from delivery where decision_id = ? and target = 'GOVERNMENT'",
                String.class, decisionId)).isNotEqualTo("DELIVERED");

        Reply bank = SignedCall.post(base, "/api/v1/dead-letters/" + letter.path("messageId").asText() + "/replay",
                "{}").by(BANK_ZZ.signer()).send();
        assertThat(bank.problemCode()).isEqualTo("scope-denied");

        GOV.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(200)));
        Reply replayed = SignedCall.post(base, "/api/v1/dead-letters/" + letter.path("messageId").asText()
                + "/replay", "{}").by(GOV_ZZ.signer()).send();
        assertThat(replayed.status()).as(replayed.json().toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(jdbc.queryForObject(
                "select status from delivery where decision_id = ? and target = 'GOVERNMENT'", String.class,
                decisionId)));
        GOV.verify(ATTEMPTS + 1, postRequestedFor(urlEqualTo("/gov/decisions")));
        assertThat(list("").path("total").asInt()).as("dead letters after replaying "
                + letter.path("messageId").asText()).isZero();
        Reply again = SignedCall.post(base, "/api/v1/dead-letters/" + letter.path("messageId").asText() + "/replay",
                "{}").by(GOV_ZZ.signer()).send();
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.problemCode()).isEqualTo("dead-letter-not-found");
    }

    @Test
    @Order(2)
    void theListIsPagedAndFilteredAndAFilterIsReplayedAtOnce() throws Exception {
        GOV.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(500)));
        GOV.stubFor(post("/bank-zz/webhook").willReturn(aResponse().withStatus(503)));
        decide("DL-2", 3);
        JsonNode all = await().atMost(Duration.ofSeconds(60)).until(() -> list(""),
                p -> p.path("total").asInt() == 6);

        // pages of 4: the same 6 letters, oldest failure first, each once
        JsonNode first = list("?limit=4");
        JsonNode second = list("?limit=4&offset=4");
        assertThat(first.path("total").asInt()).isEqualTo(6);
        assertThat(first.path("items")).hasSize(4);
        assertThat(second.path("total").asInt()).isEqualTo(6);
        assertThat(second.path("items")).hasSize(2);
        assertThat(list("?offset=6").path("items")).isEmpty();
        List<String> paged = new ArrayList<>();
        first.path("items").forEach(letter -> paged.add(letter.path("messageId").asText()));
        second.path("items").forEach(letter -> paged.add(letter.path("messageId").asText()));
        List<String> everyOne = new ArrayList<>();
        all.path("items").forEach(letter -> everyOne.add(letter.path("messageId").asText()));
        assertThat(paged).doesNotHaveDuplicates().containsExactlyElementsOf(everyOne);
        List<Instant> failures = new ArrayList<>();
        all.path("items").forEach(letter -> failures.add(Instant.parse(letter.path("failedAt").asText())));
        assertThat(failures).isSorted();

        // filters: target, and the time of the last failure in [failedAfter, failedBefore)
        JsonNode government = list("?target=GOVERNMENT");
        assertThat(government.path("total").asInt()).isEqualTo(3);
        government.path("items").forEach(letter -> assertThat(letter.path("headers").path("HubTarget").asText())
                .isEqualTo("GOVERNMENT"));
        assertThat(list("?target=PARTNER:bank-zz").path("total").asInt()).isEqualTo(3);
        Instant oldest = failures.get(0);
        Instant newest = failures.get(failures.size() - 1);
        assertThat(list("?failedAfter=" + oldest + "&failedBefore=" + newest.plusMillis(1)).path("total").asInt())
                .isEqualTo(6);
        assertThat(list("?failedAfter=" + newest.plusMillis(1)).path("total").asInt()).isZero();
        assertThat(list("?failedBefore=" + oldest).path("total").asInt()).isZero();
        assertThat(list("?target=GOVERNMENT&failedBefore=" + newest.plusMillis(1)).path("total").asInt()).isEqualTo(3);

        // bad parameters: 400 problem+json naming each parameter, nothing replayed
        Reply bad = SignedCall.get(base, "/api/v1/dead-letters?limit=0&target=BANK&page=2").by(GOV_ZZ.signer()).send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(bad.problemCode()).isEqualTo("validation-failed");
        List<String> errors = new ArrayList<>();
        bad.json().path("errors").forEach(e -> errors.add(e.path("code").asText() + " " + e.path("pointer").asText()));
        assertThat(errors).containsExactlyInAnyOrder("query-parameter-invalid #/query/limit",
                "query-parameter-invalid #/query/target", "query-parameter-unknown #/query/page");
        Reply badTime = SignedCall.get(base, "/api/v1/dead-letters?failedAfter=yesterday").by(GOV_ZZ.signer()).send();
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().path("errors").path(0).path("pointer").asText()).isEqualTo("#/query/failedAfter");
        Reply badBody = SignedCall.post(base, "/api/v1/dead-letters/replay", "{\"failedBefore\":\"now\"}")
                .by(GOV_ZZ.signer()).send();
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.json().path("errors").path(0).path("pointer").asText()).isEqualTo("/failedBefore");
        assertThat(SignedCall.post(base, "/api/v1/dead-letters/replay", "{}").by(BANK_ZZ.signer()).send()
                .problemCode()).isEqualTo("scope-denied");
        assertThat(list("").path("total").asInt()).isEqualTo(6);

        // the bank's webhook is back: replay its letters only
        GOV.stubFor(post("/bank-zz/webhook").willReturn(aResponse().withStatus(204)));
        Reply bankReplay = SignedCall.post(base, "/api/v1/dead-letters/replay", "{\"target\":\"PARTNER:bank-zz\"}")
                .by(GOV_ZZ.signer()).send();
        assertThat(bankReplay.status()).as(bankReplay.json().toString()).isEqualTo(200);
        assertThat(bankReplay.json().path("replayed").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered("PARTNER:bank-zz") == 3);
        assertThat(list("").path("total").asInt()).isEqualTo(3);
        assertThat(list("?target=GOVERNMENT").path("total").asInt()).isEqualTo(3);

        // and the platform: replay everything that is left
        GOV.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(200)));
        Reply rest = SignedCall.post(base, "/api/v1/dead-letters/replay", "{}").by(GOV_ZZ.signer()).send();
        assertThat(rest.json().path("replayed").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered("GOVERNMENT") == 3);
        assertThat(list("").path("total").asInt()).isZero();
        assertThat(GOV.findAll(postRequestedFor(urlEqualTo("/gov/decisions"))))
                .as("attempts at the platform: 3 per decision, then one replay each").hasSize(3 * ATTEMPTS + 3);
    }

    /** A loan of the bank and {@code periods} interest periods: one decision each. */
    void decide(String bankLoanId, int periods) throws Exception {
        String loanId = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan(bankLoanId, PILOT, "1000000.00",
                "2024-03-01", "2026-03-01")).by(BANK_ZZ.signer()).send().json().path("loanId").asText();
        for (int month = 3; month < 3 + periods; month++) {
            assertThat(SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                    LoanSubsidyIT.period("2024-%02d-01".formatted(month), "2024-%02d-01".formatted(month + 1),
                            "1000000.00", "3000.00")).by(BANK_ZZ.signer()).send().status()).isEqualTo(202);
        }
    }

    JsonNode list(String query) throws Exception {
        Reply reply = SignedCall.get(base, "/api/v1/dead-letters" + query).by(GOV_ZZ.signer()).send();
        assertThat(reply.status()).as(query + ": " + new String(reply.response().body())).isEqualTo(200);
        return reply.json();
    }

    long delivered(String target) {
        return jdbc.queryForObject("select count(*) from delivery d join subsidy_decision s"
                + " on s.decision_id = d.decision_id join loan l on l.loan_id = s.loan_id"
                + " where l.bank_loan_id = 'DL-2' and d.target = ? and d.status = 'DELIVERED'", Long.class, target);
    }
}
