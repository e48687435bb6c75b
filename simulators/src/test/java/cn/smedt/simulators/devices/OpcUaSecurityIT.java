package cn.smedt.simulators.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.smedt.connectors.opcua.MachineSample;
import cn.smedt.connectors.opcua.OpcUaConfigException;
import cn.smedt.connectors.opcua.OpcUaFactoryConfig;
import cn.smedt.connectors.opcua.OpcUaMachineSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OPC UA connector with security policy Basic256Sha256 against the simulated machine server offering only
 * Basic256Sha256 endpoints: client certificate from a PKCS#12 generated here, server certificate trusted through the
 * client's trusted directory, client certificate trusted by the server. Keys and certificates live in a temp dir.
 */
class OpcUaSecurityIT {

    private static final String USCC = "91330782MA2XXXXXX1";
    private static final String CLIENT_URI = "urn:smedt:hub:opcua-test-client";
    private static final Instant T1 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<MachineSample> received = new CopyOnWriteArrayList<>();
    private final int port = freePort();
    private final List<OpcUaMachineServer.Machine> machines = List.of(
            new OpcUaMachineServer.Machine("kiln-1", MachineKind.TUNNEL_KILN, 1));
    private ClientKeyStores.ClientKeyStore client;
    private Path trusted;
    private OpcUaMachineServer server;
    private OpcUaMachineSource source;

    @BeforeEach
    void clientIdentity() throws Exception {
        client = ClientKeyStores.create(dir.resolve("client"), CLIENT_URI);
        trusted = Files.createDirectories(dir.resolve("trusted-servers"));
    }

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
    void signAndEncryptWithMutualTrustDeliversSamples() throws Exception {
        server = securedServer("server-a", MessageSecurityMode.SignAndEncrypt);
        server.trustClientCertificate(client.certificate());
        trustServer(server);
        server.start();

        source = new OpcUaMachineSource(config("SignAndEncrypt"), received::add);
        source.start();
        await().atMost(PATIENCE).until(() -> source.status() == OpcUaMachineSource.Status.CONNECTED);
        // the server's first values (stamped at its start) arrive first; a value then set equal to its first one
        // is no change, so only after them does a sample carry the timestamp the test gave
        await().atMost(PATIENCE).until(() -> !received.isEmpty());
        server.setValues("kiln-1", "RUN", 1234, new BigDecimal("5678.9"), T1);

        await().atMost(PATIENCE).until(() -> received.stream().anyMatch(s -> s.partCount() == 1234));
        assertThat(received.get(received.size() - 1).toTelemetryJson())
                .isEqualTo("{\"ts\":\"2026-11-24T08:00:00Z\",\"state\":\"RUN\",\"partCount\":1234,\"energyKwh\":5678.9}");
        assertThat(source.lastProblem()).isEmpty();
        assertThat(server.rejectedClientCertificates()).isEmpty();
    }

    @Test
    void signOnlyModeIsPickedWhenConfigured() throws Exception {
        server = securedServer("server-a", MessageSecurityMode.SignAndEncrypt, MessageSecurityMode.Sign);
        server.trustClientCertificate(client.certificate());
        trustServer(server);
        server.start();

        source = new OpcUaMachineSource(config("Sign"), received::add);
        source.start();
        server.setValues("kiln-1", "IDLE", 7, new BigDecimal("1.5"), T1);
        await().atMost(PATIENCE).until(() -> received.stream().anyMatch(s -> s.partCount() == 7));
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsRefused() throws Exception {
        OpcUaMachineServer known = securedServer("server-a", MessageSecurityMode.SignAndEncrypt);
        trustServer(known); // the client trusts server A only ...
        server = securedServer("server-b", MessageSecurityMode.SignAndEncrypt); // ... and meets server B
        assertThat(server.serverCertificate()).isNotEqualTo(known.serverCertificate());
        server.trustClientCertificate(client.certificate());
        server.start();

        source = new OpcUaMachineSource(config("SignAndEncrypt"), received::add);
        source.start();
        server.setValues("kiln-1", "RUN", 99, new BigDecimal("9.9"), T1);

        await().atMost(PATIENCE).until(() -> source.lastProblem().isPresent());
        assertThat(source.lastProblem().get())
                .contains("server certificate 'O=smedt,CN=smedt simulated machines'")
                .contains("is not trusted: neither it nor an issuer is in trustedServerCertificates " + trusted);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> source.status() == OpcUaMachineSource.Status.RECONNECTING && received.isEmpty());
    }

    @Test
    void aServerThatDoesNotTrustTheClientRefusesIt() throws Exception {
        server = securedServer("server-a", MessageSecurityMode.SignAndEncrypt); // client certificate not trusted
        trustServer(server);
        server.start();

        source = new OpcUaMachineSource(config("SignAndEncrypt"), received::add);
        source.start();

        await().atMost(PATIENCE).until(() -> !server.rejectedClientCertificates().isEmpty());
        assertThat(server.rejectedClientCertificates()).contains(client.certificate());
        await().atMost(PATIENCE).until(() -> source.lastProblem().isPresent());
        assertThat(source.lastProblem().get()).contains("Bad_SecurityChecksFailed");
        assertThat(source.status()).isEqualTo(OpcUaMachineSource.Status.RECONNECTING);
        assertThat(received).isEmpty();
    }

    @Test
    void aSecuredServerRefusesAClientWithoutSecurity() throws Exception {
        server = securedServer("server-a", MessageSecurityMode.SignAndEncrypt);
        server.start();
        Map<String, Object> none = new LinkedHashMap<>(baseMap());
        none.put("securityPolicy", "None");

        source = new OpcUaMachineSource(OpcUaFactoryConfig.fromMap(none), received::add);
        source.start();

        await().atMost(PATIENCE).until(() -> source.lastProblem().isPresent());
        assertThat(source.lastProblem().get())
                .contains("the server offers no endpoint with None/None")
                .contains("Basic256Sha256/SignAndEncrypt");
        assertThat(source.status()).isEqualTo(OpcUaMachineSource.Status.RECONNECTING);
    }

    @Test
    void basic256Sha256WithoutKeyStoreNamesTheField() {
        Map<String, Object> map = new LinkedHashMap<>(baseMap());
        map.put("securityPolicy", "Basic256Sha256");
        map.put("trustedServerCertificates", trusted.toString());

        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(map))
                .isInstanceOf(OpcUaConfigException.class)
                .hasMessageStartingWith("keyStore: is required with securityPolicy Basic256Sha256");
    }

    private OpcUaMachineServer securedServer(String name, MessageSecurityMode... modes) {
        return OpcUaMachineServer.builder(port, machines, Duration.ZERO)
                .securityNone(false)
                .basic256Sha256(modes)
                .certificateDirectory(dir.resolve(name))
                .build();
    }

    private void trustServer(OpcUaMachineServer s) throws Exception {
        Files.write(trusted.resolve("server-" + s.serverCertificate().getSerialNumber() + ".der"),
                s.serverCertificate().getEncoded());
    }

    private Map<String, Object> baseMap() {
        return Map.of(
                "endpointUrl", "opc.tcp://127.0.0.1:" + port + OpcUaMachineServer.PATH,
                "samplingInterval", "100ms",
                "machines", List.of(Map.of("uscc", USCC, "deviceId", "kiln-1",
                        "stateNodeId", OpcUaMachineServer.stateNodeId("kiln-1"),
                        "partCountNodeId", OpcUaMachineServer.partCountNodeId("kiln-1"),
                        "energyNodeId", OpcUaMachineServer.energyNodeId("kiln-1"))));
    }

    private OpcUaFactoryConfig config(String mode) {
        Map<String, Object> map = new LinkedHashMap<>(baseMap());
        map.put("securityPolicy", "Basic256Sha256");
        map.put("messageSecurityMode", mode);
        map.put("keyStore", client.file().toString());
        map.put("keyStorePassword", client.password());
        map.put("keyAlias", client.alias());
        map.put("trustedServerCertificates", trusted.toString());
        return OpcUaFactoryConfig.fromMap(map);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }
}
