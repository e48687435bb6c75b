package cn.smedt.hub.packs;

import static cn.smedt.hub.TestPartners.GOV_WH;
import static cn.smedt.hub.TestPartners.GOV_YK;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.enterprises.PackIntake;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A pack's mapping.yaml in hub.packs.dir: read at start, replaced when the watcher sees it change, kept when a new
 * version does not parse (and the runs say so); every run listed by the signed listPackImports operation with each
 * refusal's USCC, field, value and code, for the partners of the pack's region only; the industry catalogue served.
 */
@HubIT
class PackImportRunsIT {

    static final String PACK = "zhejiang/jinhua/testmapping";
    static final Path PACKS = createPacks();
    static final String ANSWER = """
            {"data": {"rows": [
              {"xydm": "91330784MA2D00007L", "mc": "永康市某映射测试企业", "hy": "保温杯", "gm": "规上"},
              {"xydm": "91330784MA2D00008P", "mc": "永康市某未知行业企业", "hy": "茶叶", "gm": "规下"}
            ]}}""";

    static Path createPacks() {
        try {
            Path dir = Files.createTempDirectory("packs");
            Path pack = Files.createDirectories(dir.resolve(PACK));
            Files.writeString(pack.resolve("pack.yaml"), "region: \"330784\"\nname: 映射测试\nparent: \"330700\"\n");
            writeMapping(pack.resolve("mapping.yaml"), "YK-VACUUM-CUP");
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writeMapping(Path file, String vacuumCup) throws IOException {
        Files.writeString(file, """
                records: $.data.rows
                fields:
                  uscc: xydm
                  name: mc
                  regionCode: { constant: "330784" }
                  industryCode: { path: hy, table: industry }
                  scale: { path: gm, transform: [scale] }
                  pilot: { constant: true }
                tables:
                  industry: { 保温杯: %s }
                """.formatted(vacuumCup));
    }

    @HubIT.Settings
    static void node(HubNode node) {
        node.set("hub.packs.dir", PACKS.toString());
        node.set("hub.packs.scan-interval", "PT1H");   // scanned by the test
    }

    @Autowired
    PackIntake intake;

    @Autowired
    PackDirectoryWatcher watcher;

    @LocalServerPort
    int port;

    @Test
    void runsAreListedWithTheirRefusalsAndABrokenMappingKeepsTheLastGoodOne() throws Exception {
        String base = HubNode.url(port);
        Map<String, Object> first = intake.importEnterprises(ANSWER, PACK, "test:first");
        assertThat(first).containsEntry("imported", 1).containsEntry("refused", 1);

        JsonNode runs = SignedCall.get(base, "/api/v1/packs/imports?pack=" + PACK).by(GOV_YK.signer()).send().json();
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.path("source").asText()).isEqualTo("test:first");
        assertThat(run.path("records").asInt()).isEqualTo(2);
        assertThat(run.path("imported").asInt()).isEqualTo(1);
        JsonNode refusal = run.path("refusals").get(0);
        assertThat(refusal.path("uscc").asText()).isEqualTo("91330784MA2D00008P");
        assertThat(refusal.path("field").asText()).isEqualTo("/industryCode");
        assertThat(refusal.path("value").asText()).isEqualTo("茶叶");
        assertThat(refusal.path("code").asText()).isEqualTo("mapping-value-unknown");
        // another region's partner sees no run of the pack
        assertThat(SignedCall.get(base, "/api/v1/packs/imports?pack=" + PACK).by(GOV_WH.signer()).send().json())
                .isEmpty();

        // a broken mapping.yaml: reported, the last good one stays in use
        Path mapping = PACKS.resolve(PACK).resolve("mapping.yaml");
        Files.writeString(mapping, "records: [ not yaml");
        watcher.scan();
        Map<String, Object> second = intake.importEnterprises(ANSWER, PACK, "test:second");
        assertThat(second).containsEntry("imported", 1).containsEntry("refused", 1);
        JsonNode latest = SignedCall.get(base, "/api/v1/packs/imports?pack=" + PACK).by(GOV_YK.signer()).send()
                .json().get(0);
        assertThat(latest.path("source").asText()).isEqualTo("test:second");
        assertThat(latest.path("problem").asText()).contains("mapping.yaml").contains("last good version");

        // a good new version applies at once: a code outside the catalogue is refused with industry-unknown
        writeMapping(mapping, "YK-THERMOS");
        watcher.scan();
        Map<String, Object> third = intake.importEnterprises(ANSWER, PACK, "test:third");
        assertThat(third).containsEntry("imported", 0).containsEntry("refused", 2);
        JsonNode newest = SignedCall.get(base, "/api/v1/packs/imports?pack=" + PACK).by(GOV_YK.signer()).send()
                .json().get(0);
        assertThat(newest.has("problem")).isFalse();
        assertThat(newest.path("refusals").get(0).path("code").asText()).isEqualTo("industry-unknown");
        assertThat(newest.path("refusals").get(0).path("value").asText()).isEqualTo("YK-THERMOS");
    }

    @Test
    void theIndustryCatalogueIsServed() throws Exception {
        String base = HubNode.url(port);
        SignedCall.Reply reply = SignedCall.get(base, "/api/v1/industries?region=330783").by(GOV_YK.signer()).send();
        assertThat(reply.status()).isEqualTo(200);
        JsonNode industries = reply.json().path("industries");
        assertThat(industries.findValuesAsText("code")).contains("ZJ-09", "ZJ-39").doesNotContain("ZZ-REFRACTORIES",
                "YK-VACUUM-CUP");
        assertThat(reply.json().path("groups").size()).isEqualTo(15);
    }
}
