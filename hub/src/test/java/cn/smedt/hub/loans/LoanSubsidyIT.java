package cn.smedt.hub.loans;

import static cn.smedt.hub.TestPartners.BANK_WH;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ2;
import static cn.smedt.hub.TestPartners.GOV_WH;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubSignedRequests;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners;
import cn.smedt.hub.kernel.HubIdentity;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 数字贷 interest subsidies end to end (Zhengzhou policy: LPR on the loan date, days/360, at most the interest paid,
 * first 2 years, 500,000 yuan per enterprise across banks and loans): banks submit loans and periods, the hub
 * decides asynchronously, delivers to the government platform and the bank's signed webhook (WireMock), retries
 * failed deliveries; refusals are precise and store nothing.
 */
@HubIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class LoanSubsidyIT {

    static final WireMockServer PARTNERS = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final String PILOT = "91410000170001401D";      // 巩义市, pilot
    static final String NOT_PILOT = "91350100M000100Y43";  // 荥阳市, not in the pilot list
    static final String WUHAN = "91330000755918469E";      // registered in 武汉 洪山区 (no interest subsidy policy)
    static final ObjectMapper JSON = new ObjectMapper();

    @HubIT.Settings
    static void node(HubNode node) {
        PARTNERS.start();
        node.set("hub.delivery.government-url", PARTNERS.baseUrl() + "/gov/decisions");
        node.partner(BANK_ZZ, "webhook-url", PARTNERS.baseUrl() + "/bank-zz/webhook");
        node.partner(BANK_ZZ2, "webhook-url", PARTNERS.baseUrl() + "/bank-zz2/webhook");
        node.set("hub.messaging.redelivery-delay", "100ms");
        node.set("hub.messaging.max-delivery-attempts", "4");
    }

    @AfterAll
    static void stopPartners() {
        PARTNERS.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubIdentity hubIdentity;

    String base;

    @BeforeAll
    static void stubPartners() {
        PARTNERS.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(200)));
        PARTNERS.stubFor(post("/bank-zz/webhook").willReturn(aResponse().withStatus(204)));
        // the second bank's webhook is down twice, then recovers
        PARTNERS.stubFor(post("/bank-zz2/webhook").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("down-once"));
        PARTNERS.stubFor(post("/bank-zz2/webhook").inScenario("flaky").whenScenarioStateIs("down-once")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        PARTNERS.stubFor(post("/bank-zz2/webhook").inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
    }

    @BeforeEach
    void setUp() throws Exception {
        base = HubNode.url(port);
        if (jdbc.queryForObject("select count(*) from enterprise", Long.class) == 0) {
            register(GOV_ZZ, PILOT, "410181", true);
            register(GOV_ZZ, NOT_PILOT, "410182", false);
            register(GOV_WH, WUHAN, "420111", true);
        }
    }

    void register(TestPartners.TestPartner gov, String uscc, String region, boolean pilot) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"%s","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":%s}""".formatted(uscc, region, pilot))
                .by(gov.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
    }

    /**
     * A loan of 1,000,000.00 over two years from {@code start} of bank-zz to the pilot enterprise {@code uscc} of
     * 巩义市 (registered by gov-zz first when the node has no enterprise yet): its loanId.
     */
    static String pilotLoan(String base, JdbcTemplate jdbc, String uscc, LocalDate start) throws Exception {
        if (jdbc.queryForObject("select count(*) from enterprise", Long.class) == 0) {
            Reply registered = SignedCall.post(base, "/api/v1/enterprises", """
                    {"uscc":"%s","name":"巩义市试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                     "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(uscc))
                    .by(GOV_ZZ.signer()).send();
            assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
        }
        Reply loan = SignedCall.post(base, "/api/v1/loans", loan("L-" + java.util.UUID.randomUUID(), uscc,
                "1000000.00", start.toString(), start.plusYears(2).toString())).by(BANK_ZZ.signer()).send();
        assertThat(loan.status()).as(loan.json().toString()).isEqualTo(202);
        return loan.json().path("loanId").asText();
    }

    public static String loan(String bankLoanId, String uscc, String principal, String start, String maturity) {
        return """
                {"bankLoanId":"%s","uscc":"%s","product":"DIGITAL_LOAN","principal":"%s","startDate":"%s",
                 "maturityDate":"%s","contractRate":"3.9500","purpose":"数字化改造"}"""
                .formatted(bankLoanId, uscc, principal, start, maturity);
    }

    public static String period(String start, String end, String outstanding, String paid) {
        return """
                {"periodStart":"%s","periodEnd":"%s","outstandingPrincipal":"%s","interestPaid":"%s","paidOn":"%s"}"""
                .formatted(start, end, outstanding, paid, end);
    }

    String submitLoan(TestPartners.TestPartner bank, String body) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/loans", body).by(bank.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(202);
        return reply.json().path("loanId").asText();
    }

    JsonNode decisionOf(TestPartners.TestPartner bank, String loanId, String periodStart) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Reply reply = SignedCall.get(base, "/api/v1/loans/" + loanId).by(bank.signer()).send();
            for (JsonNode decision : reply.json().path("decisions")) {
                for (JsonNode period : reply.json().path("periods")) {
                    if (period.path("periodId").asText().equals(decision.path("recordId").asText())
                            && period.path("periodStart").asText().equals(periodStart)) {
                        return decision;
                    }
                }
            }
            return null;
        }, decision -> decision != null);
    }

    @Test
    @Order(1)
    void interestAtTheLprOfTheLoanDateIsGrantedAndDeliveredSigned() throws Exception {
        String loanId = submitLoan(BANK_ZZ, loan("ZZ-2024-001", PILOT, "10000000.00", "2024-03-01", "2026-03-01"));
        Reply period = SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                period("2024-03-01", "2024-06-01", "10000000.00", "90000.00")).by(BANK_ZZ.signer()).send();
        assertThat(period.status()).as(period.json().toString()).isEqualTo(202);

        // 10,000,000.00 x 3.45% (LPR of 2024-02-20) x 92 days / 360 = 88,166.67 < 90,000.00 paid
        JsonNode decision = decisionOf(BANK_ZZ, loanId, "2024-03-01");
        assertThat(decision.path("eligible").asText()).isEqualTo("88166.67");
        assertThat(decision.path("granted").asText()).isEqualTo("88166.67");
        assertThat(decision.path("reasonCode").asText()).isEqualTo("granted");
        assertThat(decision.path("policyId").asText()).isNotBlank();
        assertThat(decision.path("policyVersion").asText()).isNotBlank();

        String decisionId = decision.path("decisionId").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PARTNERS.verify(1, postRequestedFor(urlEqualTo("/gov/decisions"))
                    .withHeader("Idempotency-Key", equalTo(decisionId))
                    .withRequestBody(matchingJsonPath("$.granted", equalTo("88166.67"))));
            PARTNERS.verify(1, postRequestedFor(urlEqualTo("/bank-zz/webhook"))
                    .withHeader("Idempotency-Key", equalTo(decisionId)));
        });
        LoggedRequest webhook = PARTNERS.findAll(postRequestedFor(urlEqualTo("/bank-zz/webhook"))).get(0);
        HubSignedRequests.assertHubSigned(webhook, hubIdentity);
    }

    @Test
    @Order(2)
    void theCapHoldsAcrossBanksAndLoans() throws Exception {
        String bigLoan = submitLoan(BANK_ZZ2, loan("ZZ2-2024-7", PILOT, "50000000.00", "2024-03-01", "2027-03-01"));
        SignedCall.post(base, "/api/v1/loans/" + bigLoan + "/interest-periods",
                period("2024-03-01", "2025-03-01", "50000000.00", "1800000.00")).by(BANK_ZZ2.signer()).send();
        // 50,000,000 x 3.45% x 365 / 360 = 1,748,958.33 eligible; 500,000 - 88,166.67 = 411,833.33 left
        JsonNode capped = decisionOf(BANK_ZZ2, bigLoan, "2024-03-01");
        assertThat(capped.path("eligible").asText()).isEqualTo("1748958.33");
        assertThat(capped.path("granted").asText()).isEqualTo("411833.33");
        assertThat(capped.path("capRemaining").asText()).isEqualTo("0.00");
        assertThat(capped.path("reasonCode").asText()).isEqualTo("cap-remainder-granted");

        String loanId = submitLoan(BANK_ZZ, loan("ZZ-2024-002", PILOT, "1000000.00", "2024-06-01", "2025-06-01"));
        SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                period("2024-06-01", "2024-07-01", "1000000.00", "3000.00")).by(BANK_ZZ.signer()).send();
        JsonNode exhausted = decisionOf(BANK_ZZ, loanId, "2024-06-01");
        assertThat(exhausted.path("granted").asText()).isEqualTo("0.00");
        assertThat(exhausted.path("reasonCode").asText()).isEqualTo("cap-exhausted");

        assertThat(jdbc.queryForObject("select sum(granted) from subsidy_decision where uscc = ?",
                java.math.BigDecimal.class, PILOT)).isEqualByComparingTo("500000.00");
    }

    @Test
    @Order(3)
    void aWebhookThatFailsIsRetriedUntilDelivered() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<LoggedRequest> calls = PARTNERS.findAll(postRequestedFor(urlEqualTo("/bank-zz2/webhook")));
            assertThat(calls).hasSize(3);
            assertThat(jdbc.queryForObject("select status from delivery where target = 'PARTNER:bank-zz2'",
                    String.class)).isEqualTo("DELIVERED");
        });
        List<LoggedRequest> calls = PARTNERS.findAll(postRequestedFor(urlEqualTo("/bank-zz2/webhook")));
        assertThat(calls.stream().map(call -> call.getHeader("Idempotency-Key")).distinct()).hasSize(1);
    }

    @Test
    @Order(4)
    void refusalsArePreciseAndStoreNothing() throws Exception {
        long loans = jdbc.queryForObject("select count(*) from loan", Long.class);
        assertCode(SignedCall.post(base, "/api/v1/loans", loan("X-1", NOT_PILOT, "100000.00", "2024-03-01",
                "2025-03-01")).by(BANK_ZZ.signer()).send(), 422, "enterprise-not-in-pilot-list");
        assertCode(SignedCall.post(base, "/api/v1/loans", loan("X-2", "91410000170001401D".substring(0, 17) + "0",
                "100000.00", "2024-03-01", "2025-03-01")).by(BANK_ZZ.signer()).send(), 400, "uscc-invalid");
        assertCode(SignedCall.post(base, "/api/v1/loans", loan("X-3", PILOT, "100000.00", "2024-03-01",
                "2025-03-01")).by(GOV_ZZ.signer()).send(), 403, "scope-denied");
        assertCode(SignedCall.post(base, "/api/v1/loans", loan("X-4", PILOT, "100000.00", "2024-03-01",
                "2025-03-01")).by(BANK_WH.signer()).send(), 422, "enterprise-not-registered");
        assertCode(SignedCall.post(base, "/api/v1/loans", loan("X-5", WUHAN, "100000.00", "2024-03-01",
                "2025-03-01")).by(BANK_WH.signer()).send(), 422, "no-subsidy-policy");
        assertCode(SignedCall.post(base, "/api/v1/loans", loan("X-6", PILOT, "100000.00", "2024-03-01",
                "2024-02-01")).by(BANK_ZZ.signer()).send(), 400, "loan-dates-invalid");
        Reply money = SignedCall.post(base, "/api/v1/loans", loan("X-7", PILOT, "100000.00", "2024-03-01",
                "2025-03-01").replace("\"100000.00\"", "100000.5")).by(BANK_ZZ.signer()).send();
        assertCode(money, 400, "validation-failed");
        assertThat(money.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/principal");
        assertCode(SignedCall.post(base, "/api/v1/loans", loan("ZZ-2024-001", PILOT, "20000000.00", "2024-03-01",
                "2026-03-01")).by(BANK_ZZ.signer()).send(), 409, "loan-conflict");
        assertThat(jdbc.queryForObject("select count(*) from loan", Long.class)).isEqualTo(loans);
    }

    @Test
    @Order(5)
    void aPeriodCrossingTheTwoYearMarkCountsItsDaysInsideAndOverlapsAreRefused() throws Exception {
        // 3-year loan, window [2024-03-01, 2026-03-01); period [2026-01-01, 2026-04-01) = 90 days, 59 inside
        // paid 6,000.00 x 59 / 90 = 3,933.33 < 1,000,000 x 3.45% x 59 / 360 = 5,654.17: eligible 3,933.33
        // (the enterprise's cap is used up by the tests before: granted 0.00, cap-exhausted)
        String loanId = submitLoan(BANK_ZZ, loan("ZZ-2024-OV", PILOT, "1000000.00", "2024-03-01", "2027-03-01"));
        String path = "/api/v1/loans/" + loanId + "/interest-periods";
        Reply first = SignedCall.post(base, path, period("2026-01-01", "2026-04-01", "1000000.00", "6000.00"))
                .by(BANK_ZZ.signer()).send();
        assertThat(first.status()).as(first.json().toString()).isEqualTo(202);
        String firstId = first.json().path("periodId").asText();
        JsonNode decision = decisionOf(BANK_ZZ, loanId, "2026-01-01");
        assertThat(decision.path("eligible").asText()).isEqualTo("3933.33");
        JsonNode detail = decision.path("detail");
        assertThat(detail.path("daysCounted").asLong()).isEqualTo(59);
        assertThat(detail.path("periodDays").asLong()).isEqualTo(90);
        assertThat(detail.path("interestPaid").asText()).isEqualTo("6000.00");
        assertThat(detail.path("interestPaidInWindow").asText()).isEqualTo("3933.33");
        assertThat(detail.path("theoreticalInterest").asText()).isEqualTo("5654.17");
        assertThat(detail.path("windowEnd").asText()).isEqualTo("2026-03-01");
        assertThat(detail.path("formula").asText())
                .isEqualTo("min(paid 6000.00 x 59/90 = 3933.33, 1000000.00 x 3.45% x 59/360 = 5654.17) = 3933.33");

        long periods = jdbc.queryForObject("select count(*) from interest_period", Long.class);
        for (String[] overlapping : new String[][] {{"2026-03-15", "2026-05-01"}, {"2026-01-01", "2026-02-01"},
                {"2025-12-01", "2026-01-02"}, {"2026-02-01", "2026-03-01"}}) {
            Reply refused = SignedCall.post(base, path, period(overlapping[0], overlapping[1], "1000000.00",
                    "1000.00")).by(BANK_ZZ.signer()).send();
            assertCode(refused, 409, "period-overlap");
            JsonNode error = refused.json().path("errors").get(0);
            assertThat(error.path("pointer").asText()).isEqualTo("/periodStart");
            assertThat(error.path("detail").asText()).contains(firstId).contains("2026-01-01 - 2026-04-01");
        }
        assertThat(jdbc.queryForObject("select count(*) from interest_period", Long.class)).isEqualTo(periods);

        // the same period again is still the same period; the days right after it are new
        Reply again = SignedCall.post(base, path, period("2026-01-01", "2026-04-01", "1000000.00", "6000.00"))
                .by(BANK_ZZ.signer()).send();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("periodId").asText()).isEqualTo(firstId);
        assertThat(SignedCall.post(base, path, period("2026-04-01", "2026-05-01", "1000000.00", "3000.00"))
                .by(BANK_ZZ.signer()).send().status()).isEqualTo(202);
    }

    @Test
    @Order(6)
    void overlappingPeriodsSentAtOnceStoreExactlyOne() throws Exception {
        String loanId = submitLoan(BANK_ZZ, loan("ZZ-2024-RACE", PILOT, "1000000.00", "2024-03-01", "2026-03-01"));
        String path = "/api/v1/loans/" + loanId + "/interest-periods";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Reply>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // [2024-03-01 + i, 2024-06-01 + i): every two of them share days
            LocalDate from = LocalDate.of(2024, 3, 1).plusDays(i);
            String body = period(from.toString(), from.plusMonths(3).toString(), "1000000.00", "9000.00");
            sent.add(pool.submit(() -> SignedCall.post(base, path, body).by(BANK_ZZ.signer()).send()));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<Reply> reply : sent) {
            Reply r = reply.get();
            outcomes.add(r.status() == 202 ? "202" : r.status() + " " + r.problemCode());
        }
        pool.shutdown();
        assertThat(outcomes).containsOnly("202", "409 period-overlap").containsOnlyOnce("202");
        assertThat(jdbc.queryForObject("select count(*) from interest_period where loan_id = ?", Long.class,
                loanId)).isEqualTo(1);
    }

    void assertCode(Reply reply, int status, String code) throws Exception {
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        assertThat(reply.problemCode()).isEqualTo(code);
    }

    static String ids(List<LoggedRequest> requests) {
        return requests.stream().map(r -> r.getHeader("Idempotency-Key")).collect(Collectors.joining(","));
    }
}
