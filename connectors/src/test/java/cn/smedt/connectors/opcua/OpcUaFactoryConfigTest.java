package cn.smedt.connectors.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpcUaFactoryConfigTest {

    private static Map<String, Object> machine(String deviceId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uscc", "91330782MA2XXXXXX1");
        m.put("deviceId", deviceId);
        m.put("stateNodeId", "ns=2;s=" + deviceId + "/State");
        m.put("partCountNodeId", "ns=2;s=" + deviceId + "/PartCount");
        m.put("energyNodeId", "ns=2;i=1042");
        return m;
    }

    private static Map<String, Object> factory() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("endpointUrl", "opc.tcp://127.0.0.1:4840/factory");
        f.put("securityPolicy", "None");
        f.put("samplingInterval", "500ms");
        f.put("machines", new ArrayList<>(List.of(machine("kiln-1"), machine("press-2"))));
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> machineAt(Map<String, Object> factory, int i) {
        return (Map<String, Object>) ((List<Object>) factory.get("machines")).get(i);
    }

    @Test
    void readsTheYamlShape() {
        OpcUaFactoryConfig config = OpcUaFactoryConfig.fromMap(factory());

        assertThat(config.endpointUrl()).isEqualTo("opc.tcp://127.0.0.1:4840/factory");
        assertThat(config.securityPolicy()).isEqualTo("None");
        assertThat(config.samplingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.machines()).extracting(OpcUaMachineConfig::deviceId).containsExactly("kiln-1", "press-2");
        assertThat(config.machines().get(1).state().toParseableString()).isEqualTo("ns=2;s=press-2/State");
    }

    @Test
    void publishingIntervalDefaultsToTheSamplingIntervalAndSetsTheQueueSize() {
        Map<String, Object> f = factory();
        OpcUaFactoryConfig same = OpcUaFactoryConfig.fromMap(f);
        f.put("publishingInterval", "1s");
        OpcUaFactoryConfig faster = OpcUaFactoryConfig.fromMap(f);

        assertThat(same.publishingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(same.queueSize()).isEqualTo(3); // one sampling per publish, plus 2
        assertThat(faster.samplingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(faster.publishingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(faster.queueSize()).isEqualTo(4); // two samplings per publish, plus 2
        assertThat(new OpcUaFactoryConfig("opc.tcp://h:4840", "None", Duration.ofMillis(300), Duration.ofSeconds(1),
                List.of(new OpcUaMachineConfig("U", "d", "ns=2;i=1", "ns=2;i=2", "ns=2;i=3"))).queueSize())
                .isEqualTo(6); // ceil(1000 / 300) + 2
    }

    @Test
    void aBadPublishingIntervalNamesItsField() {
        Map<String, Object> f = factory();
        f.put("publishingInterval", "often");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(f)).hasMessageStartingWith("publishingInterval: ");
        f.put("publishingInterval", "0s");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(f)).hasMessageStartingWith("publishingInterval: ");
    }

    @Test
    void defaultsSecurityNoneAndOneSecond() {
        Map<String, Object> f = factory();
        f.remove("securityPolicy");
        f.remove("samplingInterval");

        OpcUaFactoryConfig config = OpcUaFactoryConfig.fromMap(f);

        assertThat(config.securityPolicy()).isEqualTo("None");
        assertThat(config.samplingInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void samplingIntervalForms() {
        assertThat(OpcUaFactoryConfig.duration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(OpcUaFactoryConfig.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(OpcUaFactoryConfig.duration("PT0.25S")).isEqualTo(Duration.ofMillis(250));
        assertThat(OpcUaFactoryConfig.duration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(OpcUaFactoryConfig.duration(750)).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void badNodeIdNamesTheFieldPath() {
        Map<String, Object> f = factory();
        machineAt(f, 1).put("stateNodeId", "kiln-1/State");

        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(f))
                .isInstanceOf(OpcUaConfigException.class)
                .hasMessageStartingWith("machines[1].stateNodeId: ")
                .extracting(e -> ((OpcUaConfigException) e).fieldPath()).isEqualTo("machines[1].stateNodeId");
    }

    @Test
    void missingFieldsNameTheirPath() {
        Map<String, Object> f = factory();
        machineAt(f, 0).remove("energyNodeId");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(f)).isInstanceOf(OpcUaConfigException.class)
                .hasMessageStartingWith("machines[0].energyNodeId: is required");

        Map<String, Object> g = factory();
        machineAt(g, 1).put("deviceId", "kiln/1");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(g)).hasMessageStartingWith("machines[1].deviceId: ");

        Map<String, Object> h = factory();
        h.remove("endpointUrl");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(h)).hasMessageStartingWith("endpointUrl: ");

        Map<String, Object> i = factory();
        i.put("machines", List.of());
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(i)).hasMessageStartingWith("machines: ");

        Map<String, Object> j = factory();
        ((List<Object>) j.get("machines")).add("kiln-3");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(j)).hasMessageStartingWith("machines[2]: ");
    }

    @Test
    void unknownSecurityPolicyAndBadIntervalAreRejected() {
        Map<String, Object> f = factory();
        f.put("securityPolicy", "Basic128Rsa15");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(f))
                .isInstanceOf(OpcUaConfigException.class)
                .hasMessageStartingWith("securityPolicy: must be one of [None, Basic256Sha256]");

        Map<String, Object> g = factory();
        g.put("samplingInterval", "often");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(g)).hasMessageStartingWith("samplingInterval: ");

        Map<String, Object> h = factory();
        h.put("samplingInterval", "0s");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(h)).hasMessageStartingWith("samplingInterval: ");
    }

    @Test
    void duplicateDeviceIsRejected() {
        Map<String, Object> f = factory();
        machineAt(f, 1).put("deviceId", "kiln-1");

        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(f)).hasMessageStartingWith("machines[1].deviceId: ");
    }

    // ---- Basic256Sha256 ----

    @TempDir
    static Path dir;
    private static Path keyStore;
    private static Path trusted;

    @BeforeAll
    static void keyStore() throws Exception {
        keyStore = dir.resolve("client.p12");
        TestKeyStores.write(keyStore, "s3cret", "client");
        trusted = Files.createDirectory(dir.resolve("trusted"));
    }

    private static Map<String, Object> secured() {
        Map<String, Object> f = factory();
        f.put("securityPolicy", "Basic256Sha256");
        f.put("keyStore", keyStore.toString());
        f.put("keyStorePassword", "${SMEDT_OPCUA_KEYSTORE_PASSWORD}");
        f.put("trustedServerCertificates", trusted.toString());
        return f;
    }

    private static final UnaryOperator<String> ENV = name -> "SMEDT_OPCUA_KEYSTORE_PASSWORD".equals(name)
            ? "s3cret" : null;

    @Test
    void basic256Sha256ReadsTheClientCertificateFieldsWithDefaults() {
        OpcUaFactoryConfig config = OpcUaFactoryConfig.fromMap(secured(), ENV);

        assertThat(config.securityPolicy()).isEqualTo("Basic256Sha256");
        assertThat(config.messageSecurityMode()).isEqualTo("SignAndEncrypt");
        assertThat(config.keyStore()).isEqualTo(keyStore);
        assertThat(config.keyStorePassword()).isEqualTo("s3cret");
        assertThat(config.keyAlias()).isEqualTo("client");
        assertThat(config.trustedServerCertificates()).isEqualTo(trusted);
        assertThat(config.toString()).doesNotContain("s3cret").contains("keyStorePassword=******");
        assertThat(config.clientCredentials().applicationUri()).contains(OpcUaMachineSource.DEFAULT_APPLICATION_URI);
        // the source is built (it only connects on start())
        assertThat(new OpcUaMachineSource(config, sample -> { }).status()).isEqualTo(OpcUaMachineSource.Status.STOPPED);

        Map<String, Object> f = secured();
        f.put("messageSecurityMode", "Sign");
        f.put("keyStorePassword", "s3cret"); // a literal works too
        assertThat(OpcUaFactoryConfig.fromMap(f, ENV).messageSecurityMode()).isEqualTo("Sign");
    }

    @Test
    void basic256Sha256WithoutKeyStoreOrTrustDirectoryNamesTheField() {
        Map<String, Object> f = secured();
        f.remove("keyStore");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(f, ENV))
                .isInstanceOf(OpcUaConfigException.class)
                .hasMessageStartingWith("keyStore: is required with securityPolicy Basic256Sha256")
                .extracting(e -> ((OpcUaConfigException) e).fieldPath()).isEqualTo("keyStore");

        Map<String, Object> g = secured();
        g.remove("trustedServerCertificates");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(g, ENV))
                .hasMessageStartingWith("trustedServerCertificates: is required");

        Map<String, Object> h = secured();
        h.put("trustedServerCertificates", keyStore.toString());
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(h, ENV))
                .hasMessageStartingWith("trustedServerCertificates: is not a directory");

        Map<String, Object> i = secured();
        i.put("keyStore", dir.resolve("missing.p12").toString());
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(i, ENV)).hasMessageStartingWith("keyStore: no such file");
    }

    @Test
    void wrongPasswordAliasModeOrUnsetVariableNameTheField() {
        Map<String, Object> f = secured();
        f.put("keyStorePassword", "wrong");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(f, ENV)).isInstanceOf(OpcUaConfigException.class)
                .hasMessageStartingWith("keyStorePassword: ");

        Map<String, Object> g = secured();
        g.put("keyAlias", "hub");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(g, ENV))
                .hasMessageStartingWith("keyAlias: keyStore " + keyStore + " has no private key entry 'hub'");

        Map<String, Object> h = secured();
        h.put("messageSecurityMode", "None");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(h, ENV))
                .hasMessageStartingWith("messageSecurityMode: must be one of [Sign, SignAndEncrypt]");

        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(secured(), name -> null))
                .hasMessageStartingWith("keyStorePassword: environment variable SMEDT_OPCUA_KEYSTORE_PASSWORD is "
                        + "not set");
    }

    @Test
    void clientCertificateFieldsAreRefusedWithSecurityNone() {
        Map<String, Object> f = secured();
        f.put("securityPolicy", "None");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(f, ENV))
                .hasMessageStartingWith("keyStore: is only used with securityPolicy Basic256Sha256");

        Map<String, Object> g = factory();
        g.put("messageSecurityMode", "SignAndEncrypt");
        assertThatThrownBy(() -> OpcUaFactoryConfig.fromMap(g)).hasMessageStartingWith("messageSecurityMode: ");

        assertThat(OpcUaFactoryConfig.fromMap(factory()).messageSecurityMode()).isEqualTo("None");
    }
}
