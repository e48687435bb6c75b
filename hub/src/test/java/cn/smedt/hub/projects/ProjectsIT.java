package cn.smedt.hub.projects;

import static cn.smedt.hub.TestPartners.ASSESSOR_YK;
import static cn.smedt.hub.TestPartners.ASSESSOR_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_YK;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners.TestPartner;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transformation projects end to end (issue 13). Yongkang 永政办发〔2023〕40号 二(二)2 "单个项目合计最高补助500万元。…
 * 评审验收通过后,再一次性奖励30万元": a 中级数智工厂 pilot project registered with its "N+X" scenarios, diagnosed,
 * contracted and implemented in two stages, each accepted with software 8,000,000 and automation 10,000,000. Decided
 * per acceptance, each would get 3,500,000 (7,000,000: the cap and the reward twice); decided per project, stage 1
 * gets 3,500,000 and stage 2 the rest of the project's 5,300,000 (5,000,000 cap + the reward once), 1,800,000
 * (ProjectStagesTest works the arithmetic). The status moves SELECTED -> ... -> SUBSIDISED; Yongkang allows a second
 * project, Zhengzhou (三(二), per enterprise) refuses it; bad input is refused with its code and pointer.
 */
@HubIT
class ProjectsIT {

    static final String YK = "91330784MA2D00008P";        // 永康市, 电动(园林)工具, 规上, pilot
    static final String YK_PROVIDER = "91330784MA2D00007L";
    static final String ZZ = "91410181MA9G5KQ3XB";        // 巩义市, pilot

    @HubIT.Settings
    static void node(HubNode node) {
        node.partner(GOV_YK, "scopes", GOV_YK.scopes()
                + ",projects:write,projects:read,providers:write,providers:read,progress:read");
        node.partner(GOV_ZZ, "scopes", GOV_ZZ.scopes() + ",projects:write,projects:read");
        for (TestPartner assessor : List.of(ASSESSOR_YK, ASSESSOR_ZZ)) {
            node.qualify(assessor, "CERT-" + assessor.id(), "2023-01-01", "2030-12-31");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    String base() {
        return HubNode.url(port);
    }

    Reply post(TestPartner partner, String path, String body) throws Exception {
        return SignedCall.post(base(), path, body).by(partner.signer()).send();
    }

    Reply get(TestPartner partner, String path) throws Exception {
        return SignedCall.get(base(), path).by(partner.signer()).send();
    }

    static JsonNode ok(Reply reply, int status) throws Exception {
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        return reply.json();
    }

    static void refused(Reply reply, int status, String code, String pointer) throws Exception {
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        assertThat(reply.problemCode()).isEqualTo(code);
        assertThat(reply.json().path("errors").get(0).path("pointer").asText()).isEqualTo(pointer);
    }

    static String project(String ref, String uscc, String track, int stages, String common, String specific) {
        return """
                {"projectRef":"%s","uscc":"%s",%s"plannedStages":%d,
                 "scenarios":{"common":[%s],"specific":[%s]}}""".formatted(ref, uscc,
                track == null ? "" : "\"track\":\"" + track + "\",", stages, common, specific);
    }

    static String acceptance(String id, String projectId, String date) {
        return """
                {"acceptanceId":"%s","uscc":"%s","acceptedOn":"%s","result":"PASSED",%s
                 "track":"intermediate-factory-pilot",
                 "spend":[{"category":"software","amount":"8000000.00"},
                          {"category":"automationEquipment","amount":"10000000.00"}]}""".formatted(id, YK, date,
                projectId == null ? "" : "\"projectId\":\"" + projectId + "\",");
    }

    String status(String projectId) throws Exception {
        return ok(get(GOV_YK, "/api/v1/projects/" + projectId), 200).path("project").path("status").asText();
    }

    /** The TRANSFORMATION decision of an acceptance, once decided. */
    JsonNode transformation(String recordId) {
        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> get(ASSESSOR_YK,
                "/api/v1/acceptances/" + recordId).json(),
                json -> "DECIDED".equals(json.path("acceptance").path("status").asText()));
        for (JsonNode decision : view.path("decisions")) {
            if ("TRANSFORMATION".equals(decision.path("kind").asText())) {
                return decision;
            }
        }
        throw new AssertionError("no TRANSFORMATION decision: " + view);
    }

    @Test
    void aProjectIsDecidedOverItsStagesAndItsStatusFollowsTheFacts() throws Exception {
        ok(post(GOV_YK, "/api/v1/enterprises", """
                {"uscc":"%s","name":"永康工具","regionCode":"330784","industryCode":"YK-POWER-TOOLS",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(YK)), 201);
        ok(post(GOV_ZZ, "/api/v1/enterprises", """
                {"uscc":"%s","name":"巩义试点","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(ZZ)), 201);
        ok(post(GOV_YK, "/api/v1/service-providers", """
                {"uscc":"%s","name":"永康数智总包","category":"INTEGRATOR","regionCode":"330784"}"""
                .formatted(YK_PROVIDER)), 201);

        // bad input: refused with code and pointer, nothing stored
        refused(post(GOV_YK, "/api/v1/projects", project("YK-P-1", YK, "no-such-track", 2,
                "\"production-scheduling\"", "")), 422, "track-unknown", "/track");
        refused(post(GOV_YK, "/api/v1/projects", project("YK-P-1", YK, "intermediate-factory-pilot", 2,
                "\"production-scheduling\"", "\"production-scheduling\"")), 400, "validation-failed",
                "/scenarios/specific/0");
        refused(post(GOV_YK, "/api/v1/projects", project("YK-P-1", YK, "intermediate-factory-pilot", 0,
                "\"production-scheduling\"", "")), 400, "validation-failed", "/plannedStages");
        assertThat(post(BANK_ZZ, "/api/v1/projects", project("B-1", ZZ, null, 1, "", "")).status())
                .isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from project", Long.class)).isZero();

        // registered: SELECTED; the same again: the same project; with other data: project-conflict
        String registration = project("YK-P-1", YK, "intermediate-factory-pilot", 2,
                "\"production-scheduling\",\"quality-inspection\"", "\"motor-line-automation\"");
        JsonNode registered = ok(post(GOV_YK, "/api/v1/projects", registration), 201);
        String projectId = registered.path("projectId").asText();
        assertThat(projectId).startsWith("PJ330784");
        assertThat(registered.path("status").asText()).isEqualTo("SELECTED");
        assertThat(registered.path("scenarios").path("specific").get(0).asText()).isEqualTo("motor-line-automation");
        assertThat(ok(post(GOV_YK, "/api/v1/projects", registration), 200).path("projectId").asText())
                .isEqualTo(projectId);
        refused(post(GOV_YK, "/api/v1/projects", registration.replace("\"plannedStages\":2", "\"plannedStages\":3")),
                409, "project-conflict", "/projectRef");

        // diagnosis, contract, stage start: DIAGNOSED, CONTRACTED, IMPLEMENTING
        refused(post(GOV_YK, "/api/v1/projects/" + projectId + "/diagnosis", """
                {"providerUscc":"91330784MA2EA0005E","cost":"40000.00","reportedOn":"2025-01-10"}"""), 404,
                "provider-not-found", "/providerUscc");
        assertThat(ok(post(GOV_YK, "/api/v1/projects/" + projectId + "/diagnosis", """
                {"providerUscc":"%s","cost":"40000.00","reportedOn":"2025-01-10"}""".formatted(YK_PROVIDER)), 200)
                .path("status").asText()).isEqualTo("DIAGNOSED");
        refused(post(GOV_YK, "/api/v1/projects/" + projectId + "/contract", """
                {"providers":["%s","%s"],"amount":"1.00","signedOn":"2025-02-01"}""".formatted(YK_PROVIDER,
                YK_PROVIDER)), 400, "validation-failed", "/providers/1");
        JsonNode contracted = ok(post(GOV_YK, "/api/v1/projects/" + projectId + "/contract", """
                {"providers":["%s"],"amount":"36000000.00","signedOn":"2025-02-01"}""".formatted(YK_PROVIDER)), 200);
        assertThat(contracted.path("status").asText()).isEqualTo("CONTRACTED");
        assertThat(contracted.path("contract").path("amount").asText()).isEqualTo("36000000.00");
        refused(post(GOV_YK, "/api/v1/projects/" + projectId + "/contract", """
                {"providers":["%s"],"amount":"1.00","signedOn":"2025-02-01"}""".formatted(YK_PROVIDER)), 409,
                "project-fact-conflict", "/providers");
        refused(post(GOV_YK, "/api/v1/projects/" + projectId + "/stages", """
                {"stage":3,"startedOn":"2025-03-01"}"""), 422, "project-stage-invalid", "/stage");
        assertThat(ok(post(GOV_YK, "/api/v1/projects/" + projectId + "/stages", """
                {"stage":1,"startedOn":"2025-03-01"}"""), 200).path("status").asText()).isEqualTo("IMPLEMENTING");

        // an acceptance naming a project of another enterprise: refused
        JsonNode zzProject = ok(post(GOV_ZZ, "/api/v1/projects", project("ZZ-P-1", ZZ, null, 1,
                "\"production-scheduling\"", "")), 201);
        refused(post(ASSESSOR_YK, "/api/v1/acceptances", acceptance("YK-ACC-X",
                zzProject.path("projectId").asText(), "2025-07-15")), 404, "project-not-found", "/projectId");

        // stage 1 names the project: 3,500,000 (the reward included); still IMPLEMENTING (1 of 2 stages)
        String stage1 = ok(post(ASSESSOR_YK, "/api/v1/acceptances", acceptance("YK-ACC-1", projectId,
                "2025-07-15")), 202).path("recordId").asText();
        JsonNode first = transformation(stage1);
        assertThat(first.path("ruleId").asText()).isEqualTo("yk-intermediate-factory-pilot");
        assertThat(first.path("granted").asText()).isEqualTo("3500000.00");
        assertThat(first.path("detail").path("project").path("entitlement").asText()).isEqualTo("3500000.00");
        assertThat(status(projectId)).isEqualTo("IMPLEMENTING");

        // stage 2 without projectId: the enterprise's single open project of the track; the 5,000,000 cap holds
        // across both stages and the 300,000 reward is paid once: 5,300,000 - 3,500,000 = 1,800,000
        String stage2 = ok(post(ASSESSOR_YK, "/api/v1/acceptances", acceptance("YK-ACC-2", null, "2025-09-15")),
                202).path("recordId").asText();
        JsonNode second = transformation(stage2);
        assertThat(second.path("eligible").asText()).isEqualTo("1800000.00");
        assertThat(second.path("granted").asText()).isEqualTo("1800000.00");
        JsonNode share = second.path("detail").path("project");
        assertThat(share.path("projectId").asText()).isEqualTo(projectId);
        assertThat(share.path("stages").asInt()).isEqualTo(2);
        assertThat(share.path("entitlement").asText()).isEqualTo("5300000.00");
        assertThat(share.path("grantedBefore").asText()).isEqualTo("3500000.00");
        assertThat(second.path("detail").path("rule").path("base").asText()).isEqualTo("16000000.00");

        // every planned stage accepted and decided, a subsidy granted: SUBSIDISED
        await().atMost(Duration.ofSeconds(30)).until(() -> status(projectId), "SUBSIDISED"::equals);
        JsonNode view = ok(get(GOV_YK, "/api/v1/projects/" + projectId), 200);
        assertThat(view.path("granted").asText()).isEqualTo("5300000.00");
        List<String> stages = new ArrayList<>();
        view.path("stages").forEach(stage -> stages.add(stage.path("acceptanceId").asText()));
        assertThat(stages).containsExactly("YK-ACC-1", "YK-ACC-2");
        assertThat(view.path("project").path("diagnosis").path("cost").asText()).isEqualTo("40000.00");
        assertThat(jdbc.queryForObject("select sum(granted) from subsidy_decision where uscc = ? and kind ="
                + " 'TRANSFORMATION'", java.math.BigDecimal.class, YK)).isEqualByComparingTo("5300000.00");

        // a second project of one enterprise: Yongkang caps per project and allows it; Zhengzhou refuses it
        ok(post(GOV_YK, "/api/v1/projects", project("YK-P-2", YK, "intermediate-factory-promotion", 1,
                "\"production-scheduling\"", "")), 201);
        refused(post(GOV_ZZ, "/api/v1/projects", project("ZZ-P-2", ZZ, null, 1, "\"production-scheduling\"", "")),
                422, "project-not-allowed", "/uscc");

        // listed a page at a time, in registration order; by status; a region outside the partner's: refused
        JsonNode page1 = ok(get(GOV_YK, "/api/v1/projects?limit=1&offset=0"), 200);
        assertThat(page1.path("total").asLong()).isEqualTo(2);
        assertThat(page1.path("items")).hasSize(1);
        assertThat(page1.path("items").get(0).path("projectId").asText()).isEqualTo(projectId);
        JsonNode page2 = ok(get(GOV_YK, "/api/v1/projects?limit=1&offset=1"), 200);
        assertThat(page2.path("items").get(0).path("projectRef").asText()).isEqualTo("YK-P-2");
        assertThat(ok(get(GOV_YK, "/api/v1/projects?limit=1&offset=2"), 200).path("items")).isEmpty();
        assertThat(ok(get(GOV_YK, "/api/v1/projects?status=SUBSIDISED"), 200).path("total").asLong()).isOne();
        assertThat(ok(get(GOV_ZZ, "/api/v1/projects?regionCode=410181"), 200).path("total").asLong()).isOne();
        refused(get(GOV_ZZ, "/api/v1/projects?regionCode=330784"), 403, "region-denied", "#/query/regionCode");
        assertThat(get(GOV_ZZ, "/api/v1/projects/" + projectId).problemCode()).isEqualTo("project-not-found");

        // counted on the dashboard: the region's projects by status
        JsonNode progress = ok(get(GOV_YK, "/api/v1/progress/330784"), 200).path("projects");
        assertThat(progress.path("SUBSIDISED").asLong()).isOne();
        assertThat(progress.path("SELECTED").asLong()).isOne();
        assertThat(progress.path("IMPLEMENTING").asLong()).isZero();
    }
}
