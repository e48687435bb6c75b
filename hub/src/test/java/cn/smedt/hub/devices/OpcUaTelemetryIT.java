package cn.smedt.hub.devices;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.simulators.devices.MachineKind;
import cn.smedt.simulators.devices.OpcUaMachineServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A factory described in a county pack ({@code <pack>/factories/*.yaml} in {@code hub.packs.dir}) is monitored over
 * OPC UA at start-up: the simulated machines' values (Eclipse Milo server) reach the same telemetry path as MQTT and
 * become KPIs.
 */
@HubIT
class OpcUaTelemetryIT {

    static final String PILOT = "91410000170001401D";
    static final int OPCUA_PORT = HubNode.freePort();
    static final OpcUaMachineServer FACTORY = new OpcUaMachineServer(OPCUA_PORT,
            List.of(new OpcUaMachineServer.Machine("cnc-1", MachineKind.CNC_CENTRE, 1L)), Duration.ZERO);
    static final Path PACKS = packs();

    static String factoryYaml(int port, String deviceId) {
        return """
                endpointUrl: opc.tcp://127.0.0.1:%d%s
                securityPolicy: None
                samplingInterval: 200ms
                machines:
                  - uscc: %s
                    deviceId: %s
                    stateNodeId: "%s"
                    partCountNodeId: "%s"
                    energyNodeId: "%s"
                """.formatted(port, OpcUaMachineServer.PATH, PILOT, deviceId, OpcUaMachineServer.stateNodeId(deviceId),
                OpcUaMachineServer.partCountNodeId(deviceId), OpcUaMachineServer.energyNodeId(deviceId));
    }

    static Path packs() {
        try {
            Path dir = Files.createTempDirectory("packs");
            Path factories = Files.createDirectories(dir.resolve("henan/zhengzhou/gongyi/factories"));
            Files.writeString(factories.resolve("gongyi-auto-parts.yaml"), factoryYaml(OPCUA_PORT, "cnc-1"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @HubIT.Settings
    static void node(HubNode node) {
        node.set("hub.packs.dir", PACKS.toString());
        node.set("hub.devices.ideal-cycle-seconds", "45");
        node.set("hub.packs.scan-interval", "PT1S");
        FACTORY.start();
    }

    @AfterAll
    static void stop() {
        FACTORY.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    OpcUaFactories factories;

    @Autowired
    org.springframework.jms.core.JmsTemplate jms;

    @Test
    void aPackFactorysOpcUaMachinesBecomeKpis() throws Exception {
        String base = HubNode.url(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> factories.status().values().stream()
                .allMatch(status -> status.name().equals("CONNECTED")));
        assertThat(factories.status()).containsOnlyKeys(PACKS.resolve(
                "henan/zhengzhou/gongyi/factories/gongyi-auto-parts.yaml").toString());
        // the machine's initial values came in before its enterprise was registered: refused, nothing stored (the
        // queue exists once the first refusal reached it)
        await().atMost(Duration.ofSeconds(30))
                .ignoreException(org.springframework.jms.InvalidDestinationException.class)
                .until(() -> jms.browse("devices.invalid", (session, browser) ->
                        java.util.Collections.list(browser.getEnumeration()).size()), n -> n >= 1);
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"巩义汽车零部件","regionCode":"410181","industryCode":"ZZ-AUTO-PARTS",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                .status()).isEqualTo(201);

        // RUN 90 s (+2 parts, +0.45 kWh), IDLE 30 s: utilisation 90 / 120; performance 2 x 45 s / 90 s = 1
        // the server published its machines' initial values when it started: the test's samples come after them
        // (source timestamps up to 2 minutes ahead, within the hub's 5-minute allowance for device clocks)
        Instant t0 = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        FACTORY.setValues("cnc-1", "RUN", 10, new BigDecimal("100.00"), t0);
        awaitState(base, t0);
        FACTORY.setValues("cnc-1", "IDLE", 12, new BigDecimal("100.45"), t0.plusSeconds(90));
        awaitState(base, t0.plusSeconds(90));
        FACTORY.setValues("cnc-1", "RUN", 12, new BigDecimal("100.50"), t0.plusSeconds(120));
        // the interval is committed to the database first, the machine's latest state to Hazelcast just after
        awaitState(base, t0.plusSeconds(120));

        JsonNode kpis = await().atMost(Duration.ofSeconds(30)).until(() -> kpis(base),
                k -> k.path("intervals").asLong() == 2);
        assertThat(kpis.path("runSeconds").asLong()).isEqualTo(90);
        assertThat(kpis.path("idleSeconds").asLong()).isEqualTo(30);
        assertThat(kpis.path("parts").asLong()).isEqualTo(2);
        assertThat(kpis.path("energyKwh").asText()).isEqualTo("0.500");
        assertThat(kpis.path("utilisation").asText()).isEqualTo("0.7500");
        assertThat(kpis.path("oee").asText()).isEqualTo("0.7500");
        assertThat(kpis.path("devices").get(0).path("deviceId").asText()).isEqualTo("cnc-1");
        assertThat(kpis.path("devices").get(0).path("state").asText()).isEqualTo("RUN");

        // a second factory file dropped into the pack while the hub runs is picked up without a restart
        int secondPort = HubNode.freePort();
        try (OpcUaMachineServer second = new OpcUaMachineServer(secondPort,
                List.of(new OpcUaMachineServer.Machine("press-1", MachineKind.EXTRUSION_PRESS, 2L)), Duration.ZERO)) {
            second.start();
            Files.writeString(PACKS.resolve("henan/zhengzhou/gongyi/factories/gongyi-aluminium.yaml"),
                    factoryYaml(secondPort, "press-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> factories.status().size() == 2
                    && factories.status().values().stream().allMatch(status -> status.name().equals("CONNECTED")));
            second.setValues("press-1", "ALARM", 0, new BigDecimal("7.5"), t0.plusSeconds(150));
            await().atMost(Duration.ofSeconds(30)).until(() -> kpis(base).path("devicesKnown").asInt() == 2);
        }
    }

    private void awaitState(String base, Instant at) {
        await().atMost(Duration.ofSeconds(30)).until(() -> kpis(base).path("devices"),
                devices -> devices.size() == 1 && at.toString().equals(devices.get(0).path("lastSeen").asText()));
    }

    private static JsonNode kpis(String base) throws Exception {
        return SignedCall.get(base, "/api/v1/enterprises/" + PILOT + "/device-kpis").by(GOV_ZZ.signer()).send().json();
    }
}
