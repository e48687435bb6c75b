package cn.smedt.hub.packs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Packs in hub.packs.dir load at start-up and reload on change, without a restart. */
@HubIT
class PackReloadIT {

    static final Path PACKS = createPacks();

    static Path createPacks() {
        try {
            Path dir = Files.createTempDirectory("packs");
            write(dir.resolve("zhejiang/jinhua/testcounty/routes/platform.yaml"), "pack-testcounty-v1");
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String routeId) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                - route:
                    id: %s
                    from:
                      uri: "timer:%s"
                      parameters: { delay: 600000, repeatCount: 1 }
                      steps:
                        - log: "%s"
                """.formatted(routeId, routeId, routeId));
    }

    @HubIT.Settings
    static void node(HubNode node) {
        node.set("hub.packs.dir", PACKS.toString());
        node.set("hub.packs.scan-interval", "PT0.5S");
        // one classpath pack route switched on (the others are excluded by their precondition)
        node.set("yongkang.drop.enabled", "true");
        node.set("yongkang.drop.directory", PACKS.resolve("drop").toString());
    }

    @Autowired
    CamelContext camel;

    @Autowired
    cn.smedt.hub.policy.PolicyPacks policies;

    @Autowired
    cn.smedt.hub.progress.ProgramTargets targets;

    @Autowired
    cn.smedt.hub.policy.PolicyPackReloader reloader;

    @Test
    void aChangedOrNewRouteFileIsLoadedWithoutARestartAndABrokenOneChangesNothing() throws Exception {
        assertThat(camel.getRoute("pack-testcounty-v1")).as("loaded at start-up").isNotNull();
        assertThat(camel.getRoute("pack-yongkang-enterprise-file-drop")).as("classpath packs too").isNotNull();
        assertThat(camel.getRoute("pack-yongkang-enterprise-poll")).as("switched off: not even created").isNull();

        write(PACKS.resolve("zhejiang/jinhua/testcounty/routes/platform.yaml"), "pack-testcounty-v2");
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("pack-testcounty-v2") != null
                && camel.getRoute("pack-testcounty-v1") == null);

        write(PACKS.resolve("zhejiang/jinhua/newcounty/routes/platform.yaml"), "pack-newcounty-v1");
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("pack-newcounty-v1") != null);

        Files.writeString(PACKS.resolve("zhejiang/jinhua/testcounty/routes/platform.yaml"), "- route: [ not yaml");
        write(PACKS.resolve("zhejiang/jinhua/newcounty/routes/other.yaml"), "pack-newcounty-other");
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("pack-newcounty-other") != null);
        assertThat(camel.getRoute("pack-testcounty-v2")).as("a broken file leaves the running routes").isNotNull();
    }

    @Test
    void policiesAndTargetsInThePacksDirectoryAreReloadedWithoutARestart() throws Exception {
        assertThat(policies.ofRegion("410100").orElseThrow().version()).isEqualTo("1");
        assertThat(targets.of("410100").orElseThrow().counties().get("410181").get("target")).isEqualTo(107);
        Path zhengzhou = Files.createDirectories(PACKS.resolve("henan/zhengzhou"));
        Files.writeString(zhengzhou.resolve("pack.yaml"), resource("packs/henan/zhengzhou/pack.yaml"));
        Files.writeString(zhengzhou.resolve("policy.yaml"), resource("packs/henan/zhengzhou/policy.yaml")
                .replace("version: \"1\"", "version: \"2\""));
        Files.writeString(zhengzhou.resolve("targets.yaml"), resource("packs/henan/zhengzhou/targets.yaml")
                .replace("y2025: 52, total: 107", "y2025: 60, total: 115"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "2".equals(policies.ofRegion("410100").orElseThrow()
                .version()) && Integer.valueOf(115).equals(targets.of("410100").orElseThrow().counties()
                .get("410181").get("target")));

        long policyFailures = reloader.failedReloads();
        long targetFailures = targets.failedReloads();
        Files.writeString(zhengzhou.resolve("policy.yaml"), "id: [broken");
        Files.writeString(zhengzhou.resolve("targets.yaml"), "counties: [broken");
        await().atMost(Duration.ofSeconds(20)).until(() -> reloader.failedReloads() > policyFailures
                && targets.failedReloads() > targetFailures);
        assertThat(policies.ofRegion("410100").orElseThrow().version()).as("the running policy stays").isEqualTo("2");
        assertThat(targets.of("410100").orElseThrow().counties().get("410181").get("target")).isEqualTo(115);
    }

    static String resource(String name) throws IOException {
        try (var in = PackReloadIT.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
