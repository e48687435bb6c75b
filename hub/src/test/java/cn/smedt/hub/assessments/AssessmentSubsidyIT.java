package cn.smedt.hub.assessments;

import static cn.smedt.hub.TestPartners.ASSESSOR_LAPSED;
import static cn.smedt.hub.TestPartners.ASSESSOR_WH;
import static cn.smedt.hub.TestPartners.ASSESSOR_YK;
import static cn.smedt.hub.TestPartners.ASSESSOR_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_WH;
import static cn.smedt.hub.TestPartners.GOV_YK;
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
import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.hub.kernel.HubIdentity;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Digital-level assessments and acceptances end to end: assessors submit levels (history kept, latest level used),
 * a passed acceptance is decided with the county's policy pack through the engine (Wuhan 30%/40%, Zhengzhou
 * 70% diagnosis + 50% transformation in stages under the ledger caps, Yongkang brackets with automation and
 * reward), stored with the policy id and version and delivered signed to the government platform (WireMock, one
 * failure retried). Refusals are precise and store nothing.
 */
@HubIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class AssessmentSubsidyIT {

    static final WireMockServer GOVERNMENT = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final String WH_LEVEL3 = "91420111MA4KA00017";   // 武汉 洪山区, pilot; levels 1, 2, 3
    static final String WH_LEVEL2 = "91420106MA4KA00023";   // 武汉 武昌区, pilot; level 2
    static final String ZZ_PILOT = "91410181MA40A0003L";    // 巩义市, pilot; level 2, two stages
    static final String ZZ_UNASSESSED = "91410181MA40A00071"; // 巩义市, pilot, never assessed
    static final String ZZ_NOT_PILOT = "91410182MA40A00046"; // 荥阳市, not in the pilot list
    static final String YK_FACTORY = "91330784MA2EA0005E";  // 永康市, 电动(园林)工具, 规上, pilot

    @HubIT.Settings
    static void node(HubNode node) {
        GOVERNMENT.start();
        node.set("hub.delivery.government-url", "http://127.0.0.1:" + GOVERNMENT.port() + "/gov/decisions");
        node.set("hub.messaging.redelivery-delay", "100ms");
        node.set("hub.messaging.max-delivery-attempts", "4");
        for (TestPartner assessor : List.of(ASSESSOR_ZZ, ASSESSOR_WH, ASSESSOR_YK)) {
            node.partner(assessor, "qualification.certificate", "CERT-" + assessor.id());
            node.partner(assessor, "qualification.valid-from", "2023-01-01");
            node.partner(assessor, "qualification.valid-until", "2030-12-31");
        }
        node.partner(ASSESSOR_LAPSED, "qualification.certificate", "CERT-OLD");
        node.partner(ASSESSOR_LAPSED, "qualification.valid-from", "2020-01-01");
        node.partner(ASSESSOR_LAPSED, "qualification.valid-until", "2023-12-31");
    }

    @AfterAll
    static void stopGovernment() {
        GOVERNMENT.stop();
    }

    @BeforeAll
    static void stubGovernment() {
        // the government platform fails the first delivery (500: not retried by the HTTP client itself), then works
        GOVERNMENT.stubFor(post("/gov/decisions").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        GOVERNMENT.stubFor(post("/gov/decisions").inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubIdentity hubIdentity;

    String base;

    @BeforeEach
    void setUp() throws Exception {
        base = HubNode.url(port);
        if (jdbc.queryForObject("select count(*) from enterprise", Long.class) == 0) {
            register(GOV_WH, WH_LEVEL3, "420111", "WH-OPTICAL-LASER", true);
            register(GOV_WH, WH_LEVEL2, "420106", "WH-AUTO-PARTS", true);
            register(GOV_ZZ, ZZ_PILOT, "410181", "ZZ-REFRACTORIES", true);
            register(GOV_ZZ, ZZ_UNASSESSED, "410181", "ZZ-REFRACTORIES", true);
            register(GOV_ZZ, ZZ_NOT_PILOT, "410182", "ZZ-ALUMINIUM", false);
            register(GOV_YK, YK_FACTORY, "330784", "YK-POWER-TOOLS", true);
        }
    }

    void register(TestPartner gov, String uscc, String region, String industry, boolean pilot) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"%s","industryCode":"%s",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":%s}""".formatted(uscc, region, industry, pilot))
                .by(gov.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
    }

    /** An assessment whose six parts add up to {@code total} unless the caller passes another total. */
    public static String assessment(String id, String uscc, String date, int level, String scores) {
        return """
                {"assessmentId":"%s","uscc":"%s","assessedOn":"%s","indexEdition":"MIIT-2024","level":%d,
                 "scores":%s,
                 "scenarios":[{"scenario":"PRODUCTION_SCHEDULING","rating":%d},{"scenario":"QUALITY","rating":2}]}"""
                .formatted(id, uscc, date, level, scores, level);
    }

    /** equipment 16 + data 8 + information 7.5 + security 6 + management 20.25 + effect 12 = 69.75. */
    public static final String SCORES = """
            {"equipmentAndSystems":16,"dataCollection":8,"informationSystems":7.5,"security":6,"management":20.25,
             "effect":12,"total":69.75}""";

    public static String acceptance(String id, String uscc, String date, String result, String track, String... spend) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < spend.length; i += 2) {
            items.add("{\"category\":\"" + spend[i] + "\",\"amount\":\"" + spend[i + 1] + "\"}");
        }
        return """
                {"acceptanceId":"%s","uscc":"%s","acceptedOn":"%s","result":"%s",%s"spend":[%s]}"""
                .formatted(id, uscc, date, result, track == null ? "" : "\"track\":\"" + track + "\",",
                        String.join(",", items));
    }

    Reply submitAssessment(TestPartner assessor, String body) throws Exception {
        return SignedCall.post(base, "/api/v1/assessments", body).by(assessor.signer()).send();
    }

    String accept(TestPartner assessor, String body) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/acceptances", body).by(assessor.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(202);
        return reply.json().path("recordId").asText();
    }

    /** The acceptance's decisions by kind, once decided. */
    Map<String, JsonNode> decisionsOf(TestPartner assessor, String recordId) {
        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> SignedCall.get(base,
                "/api/v1/acceptances/" + recordId).by(assessor.signer()).send().json(),
                json -> "DECIDED".equals(json.path("acceptance").path("status").asText()));
        Map<String, JsonNode> byKind = new TreeMap<>();
        view.path("decisions").forEach(decision -> byKind.put(decision.path("kind").asText(), decision));
        return byKind;
    }

    @Test
    @Order(1)
    void theLevelHistoryIsKeptOldestFirstAndTheLatestLevelDecides() throws Exception {
        Reply second = submitAssessment(ASSESSOR_WH, assessment("WH-A-2", WH_LEVEL3, "2024-11-01", 2, SCORES));
        assertThat(second.status()).as(second.json().toString()).isEqualTo(202);
        Reply third = submitAssessment(ASSESSOR_WH, assessment("WH-A-3", WH_LEVEL3, "2025-04-10", 3, SCORES));
        assertThat(third.status()).isEqualTo(202);
        // an older assessment arriving last goes into the history but does not become the latest level
        assertThat(submitAssessment(ASSESSOR_WH, assessment("WH-A-1", WH_LEVEL3, "2024-06-01", 1, SCORES)).status())
                .isEqualTo(202);

        Reply history = SignedCall.get(base, "/api/v1/enterprises/" + WH_LEVEL3 + "/levels")
                .by(ASSESSOR_WH.signer()).send();
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json()).extracting(a -> a.path("level").asInt()).containsExactly(1, 2, 3);
        JsonNode latest = history.json().get(2);
        assertThat(latest.path("assessmentId").asText()).isEqualTo("WH-A-3");
        assertThat(latest.path("assessorId").asText()).isEqualTo("assessor-wh");
        assertThat(latest.path("scores").path("total").isNumber()).isTrue();
        assertThat(latest.path("scores").path("total").decimalValue()).isEqualByComparingTo("69.75");
        assertThat(latest.path("scenarios")).hasSize(2);

        // the same assessment again: same record, 200; with another level: conflict
        Reply again = submitAssessment(ASSESSOR_WH, assessment("WH-A-3", WH_LEVEL3, "2025-04-10", 3, SCORES));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("recordId").asText()).isEqualTo(third.json().path("recordId").asText());
        assertCode(submitAssessment(ASSESSOR_WH, assessment("WH-A-3", WH_LEVEL3, "2025-04-10", 4, SCORES)), 409,
                "assessment-conflict", "/assessmentId");
    }

    @Test
    @Order(2)
    void wuhanLevelThreeGetsFortyPercentOfTheTransformationSpend() throws Exception {
        // level 3 (WH-A-3, the latest) -> wh-level-3-plus: base without diagnosis
        //   300,000 + 60,000 + 90,000 + 20,000 + 400,000 + 80,000 = 950,000.00 x 0.40 = 380,000.00 (< 400,000 cap)
        String id = accept(ASSESSOR_WH, acceptance("WH-ACC-1", WH_LEVEL3, "2025-05-20", "PASSED", null,
                "software", "300000.00", "cloudServices", "60000.00", "dataCollectionDevices", "90000.00",
                "networkEquipment", "20000.00", "automationEquipment", "400000.00", "diagnosis", "50000.00",
                "implementationServices", "80000.00"));
        Map<String, JsonNode> decisions = decisionsOf(ASSESSOR_WH, id);
        assertThat(decisions).containsOnlyKeys("TRANSFORMATION");
        JsonNode d = decisions.get("TRANSFORMATION");
        assertThat(d.path("ruleId").asText()).isEqualTo("wh-level-3-plus");
        assertThat(d.path("eligible").asText()).isEqualTo("380000.00");
        assertThat(d.path("granted").asText()).isEqualTo("380000.00");
        assertThat(d.path("capRemaining").asText()).isEqualTo("20000.00");
        assertThat(d.path("reasonCode").asText()).isEqualTo("granted");
        assertThat(d.path("policyId").asText()).isEqualTo("wuhan-smedt-2023");
        assertThat(d.path("policyVersion").asText()).isEqualTo("1");
        assertThat(d.path("detail").path("level").asInt()).isEqualTo(3);
        assertThat(d.path("detail").path("rule").path("base").asText()).isEqualTo("950000.00");
        assertThat(d.path("detail").path("otherRules").get(0).path("reasonCode").asText())
                .isEqualTo("level-not-covered");
    }

    @Test
    @Order(3)
    void wuhanLevelTwoGetsThirtyPercentOfSoftwareCloudAndDevicesUpToThreeHundredThousand() throws Exception {
        assertThat(submitAssessment(ASSESSOR_WH, assessment("WH-B-1", WH_LEVEL2, "2025-03-01", 2, SCORES)).status())
                .isEqualTo(202);
        // level 2 -> wh-level-2: base software + cloud + data collection + network (automation is not in it)
        //   800,000 + 100,000 + 100,000 + 50,000 = 1,050,000.00 x 0.30 = 315,000.00 -> rule cap 300,000.00
        String id = accept(ASSESSOR_WH, acceptance("WH-ACC-2", WH_LEVEL2, "2025-06-01", "PASSED", null,
                "software", "800000.00", "cloudServices", "100000.00", "dataCollectionDevices", "100000.00",
                "networkEquipment", "50000.00", "automationEquipment", "200000.00"));
        JsonNode d = decisionsOf(ASSESSOR_WH, id).get("TRANSFORMATION");
        assertThat(d.path("ruleId").asText()).isEqualTo("wh-level-2");
        assertThat(d.path("detail").path("rule").path("computed").asText()).isEqualTo("315000.00");
        assertThat(d.path("eligible").asText()).isEqualTo("300000.00");
        assertThat(d.path("granted").asText()).isEqualTo("300000.00");
        assertThat(d.path("capRemaining").asText()).isEqualTo("0.00");
        assertThat(d.path("reasonCode").asText()).isEqualTo("capped");
    }

    @Test
    @Order(4)
    void zhengzhouPaysDiagnosisAndTransformationInStagesUnderThePerEnterpriseCaps() throws Exception {
        assertThat(submitAssessment(ASSESSOR_ZZ, assessment("ZZ-A-1", ZZ_PILOT, "2025-01-15", 2, SCORES)).status())
                .isEqualTo(202);
        // stage 1: diagnosis 40,000 x 0.70 = 28,000.00 (cap 30,000 -> 2,000.00 left)
        //   transformation 600,000 + 1,000,000 + 200,000 + 100,000 = 1,900,000.00 x 0.50 = 950,000.00
        //   (cap 2,000,000 -> 1,050,000.00 left)
        String stage1 = accept(ASSESSOR_ZZ, acceptance("ZZ-ACC-1", ZZ_PILOT, "2025-03-31", "PASSED", null,
                "diagnosis", "40000.00", "software", "600000.00", "automationEquipment", "1000000.00",
                "implementationServices", "200000.00", "dataCollectionDevices", "100000.00"));
        Map<String, JsonNode> first = decisionsOf(ASSESSOR_ZZ, stage1);
        assertThat(first).containsOnlyKeys("DIAGNOSIS", "TRANSFORMATION");
        assertThat(first.get("DIAGNOSIS").path("ruleId").asText()).isEqualTo("zz-diagnosis");
        assertThat(first.get("DIAGNOSIS").path("granted").asText()).isEqualTo("28000.00");
        assertThat(first.get("DIAGNOSIS").path("capRemaining").asText()).isEqualTo("2000.00");
        assertThat(first.get("TRANSFORMATION").path("ruleId").asText()).isEqualTo("zz-transformation");
        assertThat(first.get("TRANSFORMATION").path("granted").asText()).isEqualTo("950000.00");
        assertThat(first.get("TRANSFORMATION").path("capRemaining").asText()).isEqualTo("1050000.00");
        assertThat(first.get("TRANSFORMATION").path("policyId").asText()).isEqualTo("zhengzhou-smedt-2024");

        // stage 2: transformation 2,400,000 x 0.50 = 1,200,000.00 eligible, 1,050,000.00 left under the cap
        //   diagnosis 10,000 x 0.70 = 7,000.00 eligible, 2,000.00 left under the cap
        String stage2 = accept(ASSESSOR_ZZ, acceptance("ZZ-ACC-2", ZZ_PILOT, "2025-06-30", "PASSED", null,
                "automationEquipment", "2400000.00", "diagnosis", "10000.00"));
        Map<String, JsonNode> second = decisionsOf(ASSESSOR_ZZ, stage2);
        assertThat(second.get("TRANSFORMATION").path("eligible").asText()).isEqualTo("1200000.00");
        assertThat(second.get("TRANSFORMATION").path("granted").asText()).isEqualTo("1050000.00");
        assertThat(second.get("TRANSFORMATION").path("capRemaining").asText()).isEqualTo("0.00");
        assertThat(second.get("TRANSFORMATION").path("reasonCode").asText()).isEqualTo("cap-remainder-granted");
        assertThat(second.get("DIAGNOSIS").path("eligible").asText()).isEqualTo("7000.00");
        assertThat(second.get("DIAGNOSIS").path("granted").asText()).isEqualTo("2000.00");
        assertThat(second.get("DIAGNOSIS").path("reasonCode").asText()).isEqualTo("cap-remainder-granted");

        assertThat(jdbc.queryForObject("select sum(granted) from subsidy_decision where uscc = ? and kind = ?",
                java.math.BigDecimal.class, ZZ_PILOT, "TRANSFORMATION")).isEqualByComparingTo("2000000.00");
    }

    @Test
    @Order(5)
    void yongkangIntermediateFactoryPilotGetsBracketsAutomationAndTheReward() throws Exception {
        assertThat(submitAssessment(ASSESSOR_YK, assessment("YK-A-1", YK_FACTORY, "2025-02-01", 3, SCORES))
                .status()).isEqualTo(202);
        // base (software, cloud, data collection, network, other hardware):
        //   1,200,000 + 300,000 + 800,000 + 200,000 + 1,000,000 = 3,500,000.00 (>= 1,500,000 minimum)
        //   [0, 3,000,000) x 0.30 = 900,000.00; 500,000 x 0.10 (general-it-rate, unconfirmed) = 50,000.00
        //   automation 1,500,000 (>= 1,000,000) x 0.18 = 270,000.00
        //   within the 5,000,000 project cap: 1,220,000.00; + 300,000.00 reward after acceptance = 1,520,000.00
        String id = accept(ASSESSOR_YK, acceptance("YK-ACC-1", YK_FACTORY, "2025-07-15", "PASSED",
                "intermediate-factory-pilot", "software", "1200000.00", "cloudServices", "300000.00",
                "dataCollectionDevices", "800000.00", "networkEquipment", "200000.00", "otherHardware", "1000000.00",
                "automationEquipment", "1500000.00"));
        JsonNode d = decisionsOf(ASSESSOR_YK, id).get("TRANSFORMATION");
        assertThat(d.path("ruleId").asText()).isEqualTo("yk-intermediate-factory-pilot");
        assertThat(d.path("eligible").asText()).isEqualTo("1520000.00");
        assertThat(d.path("granted").asText()).isEqualTo("1520000.00");
        assertThat(d.has("capRemaining")).isFalse(); // capped per project by the engine, not per enterprise
        assertThat(d.path("reasonCode").asText()).isEqualTo("granted");
        assertThat(d.path("policyId").asText()).isEqualTo("yongkang-smedt-2023");
        assertThat(d.path("detail").path("rule").path("unconfirmedParameters").get(0).asText())
                .isEqualTo("general-it-rate");
        assertThat(d.path("detail").path("track").asText()).isEqualTo("intermediate-factory-pilot");
    }

    @Test
    @Order(6)
    void withoutAnAssessmentTheLevelRulesPayNothingAndAFailedAcceptanceIsNotDecided() throws Exception {
        // diagnosis needs no level: 20,000 x 0.70 = 14,000.00; transformation needs level 2: level-not-assessed
        String id = accept(ASSESSOR_ZZ, acceptance("ZZ-ACC-3", ZZ_UNASSESSED, "2025-05-05", "PASSED", null,
                "diagnosis", "20000.00", "software", "100000.00"));
        Map<String, JsonNode> decisions = decisionsOf(ASSESSOR_ZZ, id);
        assertThat(decisions.get("DIAGNOSIS").path("granted").asText()).isEqualTo("14000.00");
        assertThat(decisions.get("TRANSFORMATION").path("granted").asText()).isEqualTo("0.00");
        assertThat(decisions.get("TRANSFORMATION").path("reasonCode").asText()).isEqualTo("level-not-assessed");

        Reply failed = SignedCall.post(base, "/api/v1/acceptances", acceptance("ZZ-ACC-4", ZZ_UNASSESSED,
                "2025-05-06", "FAILED", null, "software", "100000.00")).by(ASSESSOR_ZZ.signer()).send();
        assertThat(failed.status()).isEqualTo(202);
        assertThat(failed.json().path("status").asText()).isEqualTo("NOT_PASSED");
        JsonNode view = SignedCall.get(base, "/api/v1/acceptances/" + failed.json().path("recordId").asText())
                .by(ASSESSOR_ZZ.signer()).send().json();
        assertThat(view.path("acceptance").path("status").asText()).isEqualTo("NOT_PASSED");
        assertThat(view.path("decisions")).isEmpty();
    }

    @Test
    @Order(7)
    void everyDecisionReachesTheGovernmentPlatformSignedAfterARetry() throws Exception {
        List<String> decisionIds = jdbc.queryForList("select decision_id from subsidy_decision where kind in"
                + " ('TRANSFORMATION', 'DIAGNOSIS')", String.class);
        // Wuhan 1 + 1, Zhengzhou 2 + 2 (two stages) + 2 (unassessed), Yongkang 1
        assertThat(decisionIds).hasSize(9);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from delivery where target = 'GOVERNMENT' and status = 'DELIVERED'", Long.class))
                .isEqualTo(9L));
        // one delivery met the 500, was recorded as failed, rolled back and redelivered by the broker
        assertThat(jdbc.queryForObject("select max(attempts) from delivery", Integer.class)).isEqualTo(2);
        assertThat(GOVERNMENT.findAll(postRequestedFor(urlEqualTo("/gov/decisions")))).hasSize(10);

        String wuhan = jdbc.queryForObject("select decision_id from subsidy_decision where uscc = ? and kind = ?",
                String.class, WH_LEVEL3, "TRANSFORMATION");
        GOVERNMENT.verify(postRequestedFor(urlEqualTo("/gov/decisions"))
                .withHeader("Idempotency-Key", equalTo(wuhan))
                .withRequestBody(matchingJsonPath("$.eventType", equalTo("subsidy-decision")))
                .withRequestBody(matchingJsonPath("$.kind", equalTo("TRANSFORMATION")))
                .withRequestBody(matchingJsonPath("$.granted", equalTo("380000.00")))
                .withRequestBody(matchingJsonPath("$.policyId", equalTo("wuhan-smedt-2023")))
                .withRequestBody(matchingJsonPath("$.policyVersion", equalTo("1"))));
        LoggedRequest delivered = GOVERNMENT.findAll(postRequestedFor(urlEqualTo("/gov/decisions"))
                .withHeader("Idempotency-Key", equalTo(wuhan))).get(0);
        HubSignedRequests.assertHubSigned(delivered, hubIdentity);
    }

    @Test
    @Order(8)
    void refusalsArePreciseAndStoreNothing() throws Exception {
        long assessments = jdbc.queryForObject("select count(*) from assessment", Long.class);
        long acceptances = jdbc.queryForObject("select count(*) from acceptance", Long.class);

        // a bank lacks the scope
        assertCode(submitAssessment(BANK_ZZ, assessment("X-1", ZZ_PILOT, "2025-05-01", 2, SCORES)), 403,
                "scope-denied", null);
        // qualification lapsed on 2023-12-31
        assertCode(submitAssessment(ASSESSOR_LAPSED, assessment("X-2", ZZ_PILOT, "2025-05-01", 2, SCORES)), 403,
                "assessor-not-qualified", "/assessedOn");
        // a qualified body, but dated before its qualification (from 2023-01-01)
        assertCode(submitAssessment(ASSESSOR_ZZ, assessment("X-3", ZZ_PILOT, "2022-12-31", 2, SCORES)), 403,
                "assessor-not-qualified", "/assessedOn");
        assertCode(submitAssessment(ASSESSOR_ZZ, assessment("X-4", ZZ_PILOT, "2099-01-01", 2, SCORES)), 422,
                "date-in-future", "/assessedOn");
        // 16 + 8 + 7.5 + 6 + 20.25 + 12 = 69.75, not 70
        Reply sum = submitAssessment(ASSESSOR_ZZ, assessment("X-5", ZZ_PILOT, "2025-05-01", 2,
                SCORES.replace("69.75", "70")));
        assertCode(sum, 422, "scores-inconsistent", "/scores/total");
        assertThat(sum.json().path("detail").asText()).contains("add up to 69.75").contains("total is 70.00");
        Reply precision = submitAssessment(ASSESSOR_ZZ, assessment("X-6", ZZ_PILOT, "2025-05-01", 2,
                SCORES.replace("\"security\":6", "\"security\":6.001").replace("69.75", "69.751")));
        assertCode(precision, 400, "validation-failed", "/scores/security");
        assertThat(precision.json().path("errors").get(0).path("code").asText()).isEqualTo("field-precision");
        Reply range = submitAssessment(ASSESSOR_ZZ, assessment("X-7", ZZ_PILOT, "2025-05-01", 5, SCORES));
        assertCode(range, 400, "validation-failed", "/level");
        assertCode(submitAssessment(ASSESSOR_ZZ, assessment("X-8", ZZ_NOT_PILOT, "2025-05-01", 2, SCORES)), 422,
                "enterprise-not-in-pilot-list", "/uscc");
        assertCode(submitAssessment(ASSESSOR_ZZ, assessment("X-9", WH_LEVEL3, "2025-05-01", 2, SCORES)), 422,
                "enterprise-not-registered", "/uscc");

        assertCode(SignedCall.post(base, "/api/v1/acceptances", acceptance("X-10", ZZ_PILOT, "2025-05-01", "PASSED",
                null, "software", "1000.00")).by(ASSESSOR_LAPSED.signer()).send(), 403, "assessor-not-qualified",
                "/acceptedOn");
        Reply twice = SignedCall.post(base, "/api/v1/acceptances", acceptance("X-11", ZZ_PILOT, "2025-05-01",
                "PASSED", null, "software", "1000.00", "software", "2000.00")).by(ASSESSOR_ZZ.signer()).send();
        assertCode(twice, 400, "validation-failed", "/spend/1/category");
        assertThat(twice.json().path("errors").get(0).path("code").asText()).isEqualTo("field-duplicate");
        assertCode(SignedCall.post(base, "/api/v1/acceptances", acceptance("X-12", ZZ_NOT_PILOT, "2025-05-01",
                "PASSED", null, "software", "1000.00")).by(ASSESSOR_ZZ.signer()).send(), 422,
                "enterprise-not-in-pilot-list", "/uscc");
        assertCode(SignedCall.post(base, "/api/v1/acceptances", acceptance("ZZ-ACC-1", ZZ_PILOT, "2025-03-31",
                "PASSED", null, "software", "1.00")).by(ASSESSOR_ZZ.signer()).send(), 409, "acceptance-conflict",
                "/acceptanceId");

        assertThat(jdbc.queryForObject("select count(*) from assessment", Long.class)).isEqualTo(assessments);
        assertThat(jdbc.queryForObject("select count(*) from acceptance", Long.class)).isEqualTo(acceptances);
    }

    void assertCode(Reply reply, int status, String code, String pointer) throws Exception {
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        assertThat(reply.problemCode()).as(reply.json().toString()).isEqualTo(code);
        if (pointer != null) {
            assertThat(reply.json().path("errors").get(0).path("pointer").asText()).isEqualTo(pointer);
        }
    }
}
