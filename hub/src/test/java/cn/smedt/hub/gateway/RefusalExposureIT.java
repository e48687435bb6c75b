package cn.smedt.hub.gateway;

import static cn.smedt.hub.TestPartners.ASSESSOR_WH;
import static cn.smedt.hub.TestPartners.ASSESSOR_ZZ;
import static cn.smedt.hub.TestPartners.BANK_WH;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_WH;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static cn.smedt.hub.TestPartners.PLATFORM_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.hub.assessments.AssessmentSubsidyIT;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The authorisation matrix of the writes that name an enterprise: a partner outside the enterprise's region gets
 * exactly the answer of a USCC that is not registered at all (status, code, pointer, and a detail that differs only
 * by the USCC the partner sent, naming no region of the enterprise), single writes and batch lines alike, and nothing
 * is stored. The reads answer both with a plain {@code enterprise-not-found}; a refusal reveals no more than they do.
 */
@HubIT(shares = "partner-api")
class RefusalExposureIT {

    /** Registered in 武汉 洪山区 (420111); its USCC's registration-authority digits name 北京 朝阳区. */
    static final String IN_WUHAN = uscc("91110105MA4EX0001");
    /** Registered in 郑州 荥阳市 (410182), USCC digits of 北京 朝阳区 as well. */
    static final String IN_ZHENGZHOU = uscc("91110105MA4EX0003");
    /** Valid, with the same registration-authority digits, and registered nowhere. */
    static final String UNREGISTERED = uscc("91110105MA4EX0002");
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    String base;

    /** Sends one write for the enterprise {@code uscc}. */
    interface Write {
        Reply send(String uscc) throws Exception;
    }

    /** A cell of the matrix: a partner, an operation, and the registered enterprise outside its regions. */
    record Cell(String name, String foreign, Write write) {
    }

    static String uscc(String first17) {
        return first17 + Uscc.checkCharacter(first17);
    }

    @BeforeEach
    void setUp() throws Exception {
        base = HubNode.url(port);
        if (jdbc.queryForObject("select count(*) from enterprise where uscc = ?", Long.class, IN_WUHAN) == 0) {
            register(GOV_WH, IN_WUHAN, "420111");
            register(GOV_ZZ, IN_ZHENGZHOU, "410182");
        }
    }

    void register(TestPartner gov, String uscc, String region) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/enterprises", registration(uscc, region)).by(gov.signer())
                .send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
    }

    static String registration(String uscc, String region) {
        return """
                {"uscc":"%s","name":"试点企业","regionCode":"%s","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(uscc, region);
    }

    static String cloudReport(String uscc) {
        return """
                {"uscc":"%s","reportedOn":"2025-03-01","saasApps":[],"paymentMode":"PER_USE","devicesConnected":1}"""
                .formatted(uscc);
    }

    List<Cell> singleWrites() {
        return List.of(
                new Cell("submitLoan by a Zhengzhou bank", IN_WUHAN, uscc -> post(BANK_ZZ, "/api/v1/loans",
                        LoanSubsidyIT.loan("EXP-" + uscc, uscc, "100000.00", "2024-03-01", "2025-03-01"))),
                new Cell("submitLoan by a Wuhan bank", IN_ZHENGZHOU, uscc -> post(BANK_WH, "/api/v1/loans",
                        LoanSubsidyIT.loan("EXP-" + uscc, uscc, "100000.00", "2024-03-01", "2025-03-01"))),
                new Cell("submitAssessment by a Zhengzhou assessor", IN_WUHAN, uscc -> post(ASSESSOR_ZZ,
                        "/api/v1/assessments", AssessmentSubsidyIT.assessment("EXP-" + uscc, uscc, "2025-05-01", 2,
                                AssessmentSubsidyIT.SCORES))),
                new Cell("submitAssessment by a Wuhan assessor", IN_ZHENGZHOU, uscc -> post(ASSESSOR_WH,
                        "/api/v1/assessments", AssessmentSubsidyIT.assessment("EXP-" + uscc, uscc, "2025-05-01", 2,
                                AssessmentSubsidyIT.SCORES))),
                new Cell("submitAcceptance by a Zhengzhou assessor", IN_WUHAN, uscc -> post(ASSESSOR_ZZ,
                        "/api/v1/acceptances", AssessmentSubsidyIT.acceptance("EXP-" + uscc, uscc, "2025-05-01",
                                "PASSED", null, "software", "1000.00"))),
                new Cell("submitCloudAdoption by a Zhengzhou platform", IN_WUHAN, uscc -> post(PLATFORM_ZZ,
                        "/api/v1/cloud-adoption", cloudReport(uscc))),
                new Cell("registerDevices by the Zhengzhou government", IN_WUHAN, uscc -> post(GOV_ZZ,
                        "/api/v1/enterprises/" + uscc + "/devices", "{\"devices\":[{\"deviceId\":\"kiln-1\"}]}")),
                new Cell("issueDeviceCredentials by the Zhengzhou government", IN_WUHAN, uscc -> post(GOV_ZZ,
                        "/api/v1/enterprises/" + uscc + "/device-credentials", "{}")));
    }

    Reply post(TestPartner partner, String path, String body) throws Exception {
        return SignedCall.post(base, path, body).by(partner.signer()).send();
    }

    @Test
    void aPartnerOutsideTheEnterprisesRegionGetsTheAnswerOfAnUnregisteredUscc() throws Exception {
        for (Cell cell : singleWrites()) {
            long stored = storedFor(cell.foreign());
            Reply foreign = cell.write().send(cell.foreign());
            Reply unregistered = cell.write().send(UNREGISTERED);

            assertThat(foreign.status()).as(cell.name() + ": " + foreign.json()).isBetween(400, 499);
            assertThat(foreign.header("content-type")).as(cell.name()).startsWith("application/problem+json");
            assertThat(withoutUscc(foreign.json(), cell.foreign())).as(cell.name())
                    .isEqualTo(withoutUscc(unregistered.json(), UNREGISTERED));
            assertThat(foreign.status()).as(cell.name()).isEqualTo(unregistered.status());
            assertNamesNoRegionOfTheEnterprise(cell.name(), foreign.json());
            assertThat(storedFor(cell.foreign())).as(cell.name() + ": nothing stored").isEqualTo(stored);
        }
    }

    @Test
    void theIssuesExampleAWuhanBankForAZhengzhouEnterpriseGetsEnterpriseNotRegistered() throws Exception {
        Reply reply = post(BANK_WH, "/api/v1/loans", LoanSubsidyIT.loan("EXP-WH-1", IN_ZHENGZHOU, "100000.00",
                "2024-03-01", "2025-03-01"));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.problemCode()).isEqualTo("enterprise-not-registered");
        JsonNode error = reply.json().path("errors").get(0);
        assertThat(error.path("code").asText()).isEqualTo("enterprise-not-registered");
        assertThat(error.path("pointer").asText()).isEqualTo("/uscc");
        assertThat(reply.json().path("detail").asText()).isEqualTo("enterprise " + IN_ZHENGZHOU
                + " is not registered in the regions of partner bank-wh");
        // ... as the read answers
        Reply read = SignedCall.get(base, "/api/v1/enterprises/" + IN_ZHENGZHOU).by(BANK_WH.signer()).send();
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.problemCode()).isEqualTo("enterprise-not-found");
    }

    @Test
    void aBatchLineOutsideTheEnterprisesRegionGetsTheResultOfAnUnregisteredUscc() throws Exception {
        long stored = storedFor(IN_WUHAN);
        List<JsonNode> loans = batch(BANK_ZZ, "/api/v1/loan-batches",
                LoanSubsidyIT.loan("EXP-B-1", IN_WUHAN, "100000.00", "2024-03-01", "2025-03-01"),
                LoanSubsidyIT.loan("EXP-B-2", UNREGISTERED, "100000.00", "2024-03-01", "2025-03-01"));
        assertSameRejection("loan batch", loans);
        List<JsonNode> reports = batch(PLATFORM_ZZ, "/api/v1/cloud-adoption-batches", cloudReport(IN_WUHAN),
                cloudReport(UNREGISTERED));
        assertSameRejection("cloud adoption batch", reports);
        assertThat(storedFor(IN_WUHAN)).as("nothing stored").isEqualTo(stored);
    }

    @Test
    void registeringAUsccTakenInAnotherRegionDoesNotSayWhere() throws Exception {
        Reply reply = post(GOV_ZZ, "/api/v1/enterprises", registration(IN_WUHAN, "410181"));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.problemCode()).isEqualTo("region-denied");
        assertNamesNoRegionOfTheEnterprise("registerEnterprise", reply.json());
        assertThat(jdbc.queryForObject("select region_code from enterprise where uscc = ?", String.class, IN_WUHAN))
                .isEqualTo("420111");
    }

    void assertSameRejection(String name, List<JsonNode> lines) {
        assertThat(lines).as(name).hasSize(2);
        assertThat(lines).extracting(line -> line.path("status").asText()).as(name)
                .containsExactly("REJECTED", "REJECTED");
        JsonNode foreign = lines.get(0).path("errors");
        assertThat(foreign.get(0).path("code").asText()).as(name).isEqualTo("enterprise-not-registered");
        assertThat(foreign.get(0).path("pointer").asText()).as(name).isEqualTo("/uscc");
        assertThat(withoutUscc(foreign, IN_WUHAN)).as(name)
                .isEqualTo(withoutUscc(lines.get(1).path("errors"), UNREGISTERED));
        assertNamesNoRegionOfTheEnterprise(name, foreign);
    }

    List<JsonNode> batch(TestPartner partner, String path, String... records) throws Exception {
        StringBuilder ndjson = new StringBuilder();
        for (String record : records) {
            ndjson.append(record.replace("\n", "")).append('\n');
        }
        Reply accepted = SignedCall.post(base, path, ndjson.toString()).contentType("application/x-ndjson")
                .by(partner.signer()).send();
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        String jobId = accepted.json().path("jobId").asText();
        JsonNode job = await().atMost(Duration.ofSeconds(60)).until(() -> SignedCall.get(base, path + "/" + jobId)
                .by(partner.signer()).send().json(), json -> "DONE".equals(json.path("status").asText()));
        Reply results = SignedCall.get(base, job.path("resultsUrl").asText()).by(partner.signer()).send();
        assertThat(results.status()).isEqualTo(200);
        return new String(results.response().body(), StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    /** The answer with the USCC the partner sent replaced, so two answers compare equal when only that differs. */
    static JsonNode withoutUscc(JsonNode answer, String uscc) {
        try {
            return JSON.readTree(answer.toString().replace(uscc, "<uscc>"));
        } catch (Exception e) {
            throw new AssertionError(answer.toString(), e);
        }
    }

    /** Neither county (420111, 410182) nor city (4201, 4101 prefixes) of the registered enterprises appears. */
    static void assertNamesNoRegionOfTheEnterprise(String name, JsonNode answer) {
        String text = answer instanceof ObjectNode || answer.isArray() ? answer.toString() : answer.asText();
        assertThat(text).as(name).doesNotContain("420111").doesNotContain("410182").doesNotContain("420100")
                .doesNotContain("洪山").doesNotContain("荥阳");
    }

    long storedFor(String uscc) {
        long count = 0;
        for (String table : List.of("loan", "assessment", "acceptance", "cloud_adoption", "device",
                "device_credential")) {
            count += jdbc.queryForObject("select count(*) from " + table + " where uscc = ?", Long.class, uscc);
        }
        return count;
    }
}
