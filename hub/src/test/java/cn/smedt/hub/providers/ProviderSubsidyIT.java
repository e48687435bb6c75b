package cn.smedt.hub.providers;

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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Service providers (服务商资源池) and their subsidies end to end (issue 13), Zhengzhou 郑政办〔2024〕10号:
 * 三(三) "改造任务全部完成后,分年度按照服务发生费用不超过5%给予后补助,单个服务商补贴最高不超过300万元" (per provider and year, over
 * every report of the year, through the ledger) and 三(五) "对获评工信部'链式'数字化典型案例的企业给予不超过100万元的资金支持"
 * (per enterprise); each decision stored with the policy version and delivered to the government platform.
 */
@HubIT
class ProviderSubsidyIT {

    static final WireMockServer GOVERNMENT = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final String PROVIDER = "91410100MA44H0KJ5F";
    static final String PILOT = "91410181MA9G5KQ3XB";
    static final ObjectMapper JSON = new ObjectMapper();

    @HubIT.Settings
    static void node(HubNode node) {
        GOVERNMENT.start();
        GOVERNMENT.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(200)));
        node.set("hub.delivery.government-url", GOVERNMENT.baseUrl() + "/gov/decisions");
    }

    @AfterAll
    static void stop() {
        GOVERNMENT.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void providersAreRegisteredAndTheirSubsidiesDecidedPerProviderAndYearAndChainCasesPerEnterprise()
            throws Exception {
        String base = HubNode.url(port);
        String provider = """
                {"uscc":"%s","name":"郑州数智工业互联网服务有限公司","category":"INTEGRATOR","regionCode":"410181"}"""
                .formatted(PROVIDER);
        Reply registered = SignedCall.post(base, "/api/v1/service-providers", provider).by(GOV_ZZ.signer()).send();
        assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
        assertThat(registered.json().path("category").asText()).isEqualTo("INTEGRATOR");
        assertThat(SignedCall.post(base, "/api/v1/service-providers", provider).by(GOV_ZZ.signer()).send()
                .status()).isEqualTo(200);
        Reply conflict = SignedCall.post(base, "/api/v1/service-providers", provider.replace("INTEGRATOR",
                "SOFTWARE")).by(GOV_ZZ.signer()).send();
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.problemCode()).isEqualTo("provider-conflict");
        assertThat(SignedCall.post(base, "/api/v1/service-providers", provider).by(BANK_ZZ.signer()).send()
                .status()).isEqualTo(403);

        // 2025: 12,000,000 x 5% = 600,000; then 50,000,000 x 5% = 2,500,000 of which 2,400,000 remain of the
        // 3,000,000 of the year; a third report gets nothing; 2026 starts afresh: 1,000,000 x 5% = 50,000
        JsonNode first = fees(base, "R-1", 2025, "12000000.00", true, 201);
        assertThat(first.path("kind").asText()).isEqualTo("PROVIDER");
        assertThat(first.path("granted").asText()).isEqualTo("600000.00");
        assertThat(first.path("reasonCode").asText()).isEqualTo("granted");
        assertThat(first.path("policyId").asText()).isEqualTo("zhengzhou-smedt-2024");
        assertThat(first.path("policyVersion").asText()).isEqualTo("1");
        assertThat(first.path("detail").path("rule").path("ruleId").asText()).isEqualTo("zz-provider");
        assertThat(first.path("detail").path("ledger").path("capRemaining").asText()).isEqualTo("2400000.00");
        JsonNode second = fees(base, "R-2", 2025, "50000000.00", true, 201);
        assertThat(second.path("eligible").asText()).isEqualTo("2500000.00");
        assertThat(second.path("granted").asText()).isEqualTo("2400000.00");
        assertThat(second.path("reasonCode").asText()).isEqualTo("cap-remainder-granted");
        JsonNode third = fees(base, "R-3", 2025, "1000000.00", true, 201);
        assertThat(third.path("granted").asText()).isEqualTo("0.00");
        assertThat(third.path("reasonCode").asText()).isEqualTo("cap-exhausted");
        assertThat(fees(base, "R-4", 2026, "1000000.00", true, 201).path("granted").asText()).isEqualTo("50000.00");
        JsonNode unfinished = fees(base, "R-5", 2026, "1000000.00", false, 201);
        assertThat(unfinished.path("granted").asText()).isEqualTo("0.00");
        assertThat(unfinished.path("reasonCode").asText()).isEqualTo("task-not-completed");
        // the same report again: its decision; with other data: refused, nothing stored
        assertThat(fees(base, "R-1", 2025, "12000000.00", true, 200).path("decisionId").asText())
                .isEqualTo(first.path("decisionId").asText());
        Reply changed = SignedCall.post(base, "/api/v1/service-providers/" + PROVIDER + "/service-fees",
                feesBody("R-1", 2025, "13000000.00", true)).by(GOV_ZZ.signer()).send();
        assertThat(changed.problemCode()).isEqualTo("provider-fees-conflict");
        Reply unknown = SignedCall.post(base, "/api/v1/service-providers/91410181MA9G5KQ3XB/service-fees",
                feesBody("R-9", 2025, "1.00", true)).by(GOV_ZZ.signer()).send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemCode()).isEqualTo("provider-not-found");

        Reply view = SignedCall.get(base, "/api/v1/service-providers/" + PROVIDER).by(GOV_ZZ.signer()).send();
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().path("provider").path("regionCode").asText()).isEqualTo("410181");
        assertThat(view.json().path("decisions")).hasSize(5);

        // chain case: 1,000,000 per enterprise; a second case of the enterprise finds the cap used up
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer())
                .send().status()).isEqualTo(201);
        JsonNode chain = chainCase(base, "MIIT-1", 201);
        assertThat(chain.path("kind").asText()).isEqualTo("CHAIN_CASE");
        assertThat(chain.path("granted").asText()).isEqualTo("1000000.00");
        assertThat(chain.path("ruleId").asText()).isEqualTo("zz-chain-case");
        assertThat(chainCase(base, "MIIT-1", 200).path("decisionId").asText())
                .isEqualTo(chain.path("decisionId").asText());
        JsonNode again = chainCase(base, "MIIT-2", 201);
        assertThat(again.path("granted").asText()).isEqualTo("0.00");
        assertThat(again.path("reasonCode").asText()).isEqualTo("cap-exhausted");

        // delivered like every decision: 7 decisions to the government platform, detail an object
        await().atMost(Duration.ofSeconds(30)).until(() -> GOVERNMENT.findAll(postRequestedFor(
                urlEqualTo("/gov/decisions"))).size() >= 7);
        JsonNode delivered = JSON.readTree(GOVERNMENT.findAll(postRequestedFor(urlEqualTo("/gov/decisions")))
                .get(0).getBodyAsString());
        assertThat(delivered.path("eventType").asText()).isEqualTo("subsidy-decision");
        assertThat(delivered.path("detail").isObject()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from subsidy_decision where kind in ('PROVIDER',"
                + " 'CHAIN_CASE')", Long.class)).isEqualTo(7);
    }

    private static String feesBody(String reportId, int year, String fees, boolean completed) {
        return """
                {"reportId":"%s","regionCode":"410181","year":%d,"serviceFees":"%s","allTasksCompleted":%s}"""
                .formatted(reportId, year, fees, completed);
    }

    private static JsonNode fees(String base, String reportId, int year, String fees, boolean completed, int status)
            throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/service-providers/" + PROVIDER + "/service-fees",
                feesBody(reportId, year, fees, completed)).by(GOV_ZZ.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        return reply.json();
    }

    private static JsonNode chainCase(String base, String caseId, int status) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/chain-cases", """
                {"caseId":"%s","uscc":"%s","recognisedOn":"2025-06-30"}""".formatted(caseId, PILOT))
                .by(GOV_ZZ.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        return reply.json();
    }
}
