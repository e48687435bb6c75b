package cn.smedt.hub.cloud;

import static cn.smedt.hub.TestPartners.ASSESSOR_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_WH;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static cn.smedt.hub.TestPartners.PLATFORM_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners.TestPartner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cloud adoption end to end: a platform reports single enterprises and NDJSON batches; the hub keeps the newest
 * report per enterprise (an older one is answered STALE and changes nothing); refusals are precise and store nothing.
 */
@HubIT(shares = "partner-api")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudAdoptionIT {

    static final String ZZ_A = "91410181MA40A0010C";  // 巩义市
    static final String ZZ_B = "91410181MA40A0011F";  // 巩义市, not a pilot (cloud adoption is not only for pilots)
    static final String ZZ_UNREGISTERED = "91410105MA40A0012G";
    static final String WH_C = "91420111MA4KA0008W";  // 武汉 洪山区: outside the platform's regions
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    String base;

    @BeforeEach
    void setUp() throws Exception {
        base = HubNode.url(port);
        // its own enterprises (the node is shared with other classes: HubIT)
        if (jdbc.queryForObject("select count(*) from enterprise where uscc = ?", Long.class, ZZ_A) == 0) {
            register(GOV_ZZ, ZZ_A, "410181", true);
            register(GOV_ZZ, ZZ_B, "410181", false);
            register(GOV_WH, WH_C, "420111", true);
        }
    }

    void register(TestPartner gov, String uscc, String region, boolean pilot) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"上云企业","regionCode":"%s","industryCode":"ZZ-AUTO-PARTS",
                 "scale":"BELOW_DESIGNATED_SIZE","tags":[],"pilot":%s}""".formatted(uscc, region, pilot))
                .by(gov.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
    }

    static String report(String uscc, String reportedOn, int devices, String... appIds) {
        List<String> apps = new ArrayList<>();
        for (String appId : appIds) {
            apps.add("{\"appId\":\"" + appId + "\",\"name\":\"云应用 " + appId + "\",\"scenario\":\"INVENTORY\"}");
        }
        return """
                {"uscc":"%s","reportedOn":"%s","saasApps":[%s],"paymentMode":"PER_USE","devicesConnected":%d}"""
                .formatted(uscc, reportedOn, String.join(",", apps), devices);
    }

    Reply submit(TestPartner partner, String body) throws Exception {
        return SignedCall.post(base, "/api/v1/cloud-adoption", body).by(partner.signer()).send();
    }

    JsonNode current(String uscc) throws Exception {
        Reply reply = SignedCall.get(base, "/api/v1/cloud-adoption/" + uscc).by(PLATFORM_ZZ.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(200);
        return reply.json();
    }

    @Test
    @Order(1)
    void theNewestReportIsTheCurrentStateAndAnOlderOneIsIgnored() throws Exception {
        Reply first = submit(PLATFORM_ZZ, report(ZZ_A, "2025-05-01", 40, "mes-1", "erp-1"));
        assertThat(first.status()).as(first.json().toString()).isEqualTo(202);
        assertThat(first.json().path("status").asText()).isEqualTo("CURRENT");
        JsonNode state = current(ZZ_A);
        assertThat(state.path("reportedOn").asText()).isEqualTo("2025-05-01");
        assertThat(state.path("devicesConnected").asInt()).isEqualTo(40);
        assertThat(state.path("saasApps")).extracting(app -> app.path("appId").asText())
                .containsExactly("mes-1", "erp-1");
        assertThat(state.path("platformId").asText()).isEqualTo("platform-zz");

        assertThat(submit(PLATFORM_ZZ, report(ZZ_A, "2025-06-01", 120, "mes-1")).status()).isEqualTo(202);

        // an older report (delayed in the platform's outbox) does not overwrite the newer state
        Reply stale = submit(PLATFORM_ZZ, report(ZZ_A, "2025-04-01", 5, "old-app"));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.json().path("status").asText()).isEqualTo("STALE");
        assertThat(stale.json().path("currentReportedOn").asText()).isEqualTo("2025-06-01");
        state = current(ZZ_A);
        assertThat(state.path("reportedOn").asText()).isEqualTo("2025-06-01");
        assertThat(state.path("devicesConnected").asInt()).isEqualTo(120);
        assertThat(state.path("saasApps")).extracting(app -> app.path("appId").asText()).containsExactly("mes-1");

        // a report of the same day is a correction and replaces the state
        assertThat(submit(PLATFORM_ZZ, report(ZZ_A, "2025-06-01", 125, "mes-1", "qms-1")).status()).isEqualTo(202);
        assertThat(current(ZZ_A).path("devicesConnected").asInt()).isEqualTo(125);
    }

    @Test
    @Order(2)
    void aBatchAppliesEachLineInOrderWithPerLineResults() throws Exception {
        String ndjson = String.join("\n",
                report(ZZ_B, "2025-03-01", 10, "saas-1"),                 // 1 ACCEPTED
                report(ZZ_B, "2025-02-01", 9, "saas-0"),                  // 2 STALE (line 1 is newer)
                report(ZZ_A, "2025-01-01", 1, "x"),                       // 3 STALE (2025-06-01 is current)
                report(WH_C, "2025-03-01", 3, "y"),                       // 4 REJECTED enterprise-not-registered (elsewhere)
                "{\"uscc\":",                                             // 5 REJECTED json-malformed
                report(ZZ_B, "2025-03-02", 1, "z").replace("PER_USE", "MONTHLY"), // 6 REJECTED field-enum
                report(ZZ_UNREGISTERED, "2025-03-02", 1, "z"),            // 7 REJECTED enterprise-not-registered
                report(ZZ_B, "2025-03-15", 12, "saas-1", "saas-2")) + "\n"; // 8 ACCEPTED
        Reply accepted = SignedCall.post(base, "/api/v1/cloud-adoption-batches", ndjson)
                .contentType("application/x-ndjson").by(PLATFORM_ZZ.signer()).send();
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        assertThat(accepted.json().path("received").asInt()).isEqualTo(8);
        String jobId = accepted.json().path("jobId").asText();

        JsonNode job = await().atMost(Duration.ofSeconds(30)).until(() -> SignedCall.get(base,
                "/api/v1/cloud-adoption-batches/" + jobId).by(PLATFORM_ZZ.signer()).send().json(),
                json -> "DONE".equals(json.path("status").asText()));
        assertThat(job.path("processed").asInt()).isEqualTo(8);
        assertThat(job.path("accepted").asInt()).isEqualTo(2);
        assertThat(job.path("stale").asInt()).isEqualTo(2);
        assertThat(job.path("rejected").asInt()).isEqualTo(4);

        Reply results = SignedCall.get(base, "/api/v1/cloud-adoption-batches/" + jobId + "/results")
                .by(PLATFORM_ZZ.signer()).send();
        assertThat(results.header("content-type")).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(results.response().body(), StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(l -> l.path("status").asText()).containsExactly("ACCEPTED", "STALE", "STALE",
                "REJECTED", "REJECTED", "REJECTED", "REJECTED", "ACCEPTED");
        assertThat(lines.get(0).path("recordId").asText()).isEqualTo(ZZ_B);
        assertThat(lines.get(3).path("errors").get(0).path("code").asText()).isEqualTo("enterprise-not-registered");
        assertThat(lines.get(4).path("errors").get(0).path("code").asText()).isEqualTo("json-malformed");
        assertThat(lines.get(5).path("errors").get(0).path("code").asText()).isEqualTo("field-enum");
        assertThat(lines.get(5).path("errors").get(0).path("pointer").asText()).isEqualTo("/paymentMode");
        assertThat(lines.get(6).path("errors").get(0).path("code").asText()).isEqualTo("enterprise-not-registered");

        JsonNode b = current(ZZ_B);
        assertThat(b.path("reportedOn").asText()).isEqualTo("2025-03-15");
        assertThat(b.path("saasApps")).hasSize(2);
        assertThat(current(ZZ_A).path("reportedOn").asText()).isEqualTo("2025-06-01");
        assertThat(jdbc.queryForObject("select count(*) from cloud_adoption where uscc = ?", Long.class, WH_C))
                .isZero();
    }

    @Test
    @Order(3)
    void refusalsArePreciseAndStoreNothing() throws Exception {
        String before = current(ZZ_A).toString();
        assertCode(submit(BANK_ZZ, report(ZZ_A, "2025-07-01", 1)), 403, "scope-denied", null);
        assertCode(submit(PLATFORM_ZZ, report(WH_C, "2025-07-01", 1)), 422, "enterprise-not-registered", "/uscc");
        assertCode(submit(PLATFORM_ZZ, report(ZZ_UNREGISTERED, "2025-07-01", 1)), 422, "enterprise-not-registered",
                "/uscc");
        assertCode(submit(PLATFORM_ZZ, report(ZZ_A, "2099-07-01", 1)), 422, "date-in-future", "/reportedOn");
        assertCode(submit(PLATFORM_ZZ, report(ZZ_A, "2025-07-01", 1, "mes-1", "mes-1")), 400, "validation-failed",
                "/saasApps/1/appId");
        assertCode(submit(PLATFORM_ZZ, report(ZZ_A, "2025-07-01", -1)), 400, "validation-failed",
                "/devicesConnected");
        // an assessor may read enterprises but holds no cloud scope
        assertCode(SignedCall.get(base, "/api/v1/cloud-adoption/" + ZZ_A).by(ASSESSOR_ZZ.signer()).send(), 403,
                "scope-denied", null);
        assertCode(SignedCall.get(base, "/api/v1/cloud-adoption/" + ZZ_UNREGISTERED).by(PLATFORM_ZZ.signer())
                .send(), 404, "enterprise-not-found", null);
        assertThat(current(ZZ_A).toString()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from cloud_adoption", Long.class)).isEqualTo(2L);
    }

    void assertCode(Reply reply, int status, String code, String pointer) throws Exception {
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        assertThat(reply.problemCode()).as(reply.json().toString()).isEqualTo(code);
        if (pointer != null) {
            assertThat(reply.json().path("errors").get(0).path("pointer").asText()).isEqualTo(pointer);
        }
    }
}
