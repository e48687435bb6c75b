package cn.smedt.simulators.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.smedt.connectors.opcua.MachineSample;
import cn.smedt.connectors.opcua.OpcUaConfigException;
import cn.smedt.connectors.opcua.OpcUaFactoryConfig;
import cn.smedt.connectors.opcua.OpcUaMachineConfig;
import cn.smedt.connectors.opcua.OpcUaMachineSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OPC UA connector (connectors module) against the simulated machine server (this module). The test lives here
 * because connectors must not depend on simulators: simulators takes connectors as a test dependency, no cycle.
 */
class OpcUaMachineSourceIT {

    private static final String USCC = "91330782MA2XXXXXX1";
    private static final Instant T1 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final List<MachineSample> received = new CopyOnWriteArrayList<>();
    private final int port = freePort();
    private final List<OpcUaMachineServer.Machine> machines = List.of(
            new OpcUaMachineServer.Machine("kiln-1", MachineKind.TUNNEL_KILN, 1),
            new OpcUaMachineServer.Machine("press-2", MachineKind.EXTRUSION_PRESS, 2));
    private OpcUaMachineServer server;
    private OpcUaMachineSource source;

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void samplesOfTwoMachinesArriveWithTheirValuesAndSourceTimestamps() {
        server = startServer();
        source = new OpcUaMachineSource(config(), received::add);
        source.start();
        await().atMost(PATIENCE).until(() -> source.status() == OpcUaMachineSource.Status.CONNECTED);
        // the server's first values (stamped at its start) arrive first; a value the test then sets equal to its
        // first one is not a change, so only after them does a sample carry the timestamp the test gave
        await().atMost(PATIENCE).until(() -> machines.stream()
                .allMatch(m -> received.stream().anyMatch(s -> s.deviceId().equals(m.deviceId()))));

        server.setValues("kiln-1", "RUN", 1234, new BigDecimal("5678.9"), T1);
        server.setValues("press-2", "ALARM", 77, new BigDecimal("12.345"), T1.plusSeconds(1));

        MachineSample kiln = awaitSample("kiln-1", 1234);
        assertThat(kiln.toTelemetryJson())
                .isEqualTo("{\"ts\":\"2026-11-24T08:00:00Z\",\"state\":\"RUN\",\"partCount\":1234,\"energyKwh\":5678.9}");
        assertThat(kiln.topic()).isEqualTo("smedt/" + USCC + "/kiln-1/telemetry");
        MachineSample press = awaitSample("press-2", 77);
        assertThat(press.state()).isEqualTo("ALARM");
        assertThat(press.energyKwh()).isEqualByComparingTo("12.345");
        assertThat(press.ts()).isEqualTo(T1.plusSeconds(1));

        // an unknown state skips the sample; the next known one flows
        long before = source.samplesEmitted();
        server.setValues("kiln-1", "SETUP", 1235, new BigDecimal("5679.0"), T1.plusSeconds(2));
        server.setValues("press-2", "IDLE", 78, new BigDecimal("12.5"), T1.plusSeconds(3));
        awaitSample("press-2", 78);
        assertThat(received).noneMatch(s -> s.partCount() == 1235);
        server.setValues("kiln-1", "IDLE", 1236, new BigDecimal("5679.1"), T1.plusSeconds(4));
        assertThat(awaitSample("kiln-1", 1236).ts()).isEqualTo(T1.plusSeconds(4));
        assertThat(source.samplesEmitted()).isEqualTo(before + 2);
        assertThat(received).hasSize((int) source.samplesEmitted());
    }

    @Test
    void samplesFlowAgainAfterTheServerRestartsWithNoActionFromTheCaller() {
        server = startServer();
        source = new OpcUaMachineSource(config(), received::add);
        source.start();
        server.setValues("kiln-1", "RUN", 10, new BigDecimal("1.5"), T1);
        awaitSample("kiln-1", 10);

        server.stop();
        await().atMost(PATIENCE).until(() -> source.status() == OpcUaMachineSource.Status.RECONNECTING);
        server = startServer(); // a fresh server on the same port: the old session and subscription are gone
        server.setValues("kiln-1", "IDLE", 11, new BigDecimal("2.5"), T1.plusSeconds(60));
        // all three values differ from the fresh server's first ones, so the sample's timestamp is theirs
        server.setValues("press-2", "ALARM", 5, new BigDecimal("0.25"), T1.plusSeconds(60));

        assertThat(awaitSample("kiln-1", 11).state()).isEqualTo("IDLE");
        assertThat(awaitSample("press-2", 5).ts()).isEqualTo(T1.plusSeconds(60));
        await().atMost(PATIENCE).until(() -> source.status() == OpcUaMachineSource.Status.CONNECTED);

        server.setValues("kiln-1", "RUN", 12, new BigDecimal("3.5"), T1.plusSeconds(61));
        awaitSample("kiln-1", 12);
    }

    @Test
    void startReturnsAtOnceWhenTheServerIsDownAndConnectsWhenItComesUp() {
        source = new OpcUaMachineSource(config(), received::add);
        long started = System.nanoTime();
        source.start();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(source.status()).isEqualTo(OpcUaMachineSource.Status.RECONNECTING);

        server = startServer();
        server.setValues("press-2", "RUN", 3, new BigDecimal("0.75"), T1);
        awaitSample("press-2", 3);
        assertThat(source.status()).isEqualTo(OpcUaMachineSource.Status.CONNECTED);

        source.close();
        assertThat(source.status()).isEqualTo(OpcUaMachineSource.Status.STOPPED);
    }

    @Test
    void aBadConfigurationNamesTheField() {
        Map<String, Object> bad = Map.of(
                "endpointUrl", "opc.tcp://127.0.0.1:" + port + OpcUaMachineServer.PATH,
                "machines", List.of(
                        machineMap("kiln-1", OpcUaMachineServer.stateNodeId("kiln-1")),
                        machineMap("press-2", "press-2/State")));

        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(bad))
                .isInstanceOf(OpcUaConfigException.class)
                .hasMessageStartingWith("machines[1].stateNodeId: ");
    }

    private static Map<String, Object> machineMap(String deviceId, String stateNodeId) {
        return Map.of("uscc", USCC, "deviceId", deviceId, "stateNodeId", stateNodeId,
                "partCountNodeId", OpcUaMachineServer.partCountNodeId(deviceId),
                "energyNodeId", OpcUaMachineServer.energyNodeId(deviceId));
    }

    private OpcUaFactoryConfig config() {
        return OpcUaFactoryConfig.fromMap(Map.of(
                "endpointUrl", "opc.tcp://127.0.0.1:" + port + OpcUaMachineServer.PATH,
                "securityPolicy", "None",
                "samplingInterval", "100ms",
                "machines", machines.stream()
                        .map(m -> machineMap(m.deviceId(), OpcUaMachineServer.stateNodeId(m.deviceId())))
                        .toList()));
    }

    private OpcUaMachineServer startServer() {
        OpcUaMachineServer s = new OpcUaMachineServer(port, machines, Duration.ZERO);
        s.start();
        return s;
    }

    private MachineSample awaitSample(String deviceId, long partCount) {
        await().atMost(PATIENCE).until(() -> received.stream()
                .anyMatch(s -> s.deviceId().equals(deviceId) && s.partCount() == partCount));
        return received.stream().filter(s -> s.deviceId().equals(deviceId) && s.partCount() == partCount)
                .findFirst().orElseThrow();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }
}
