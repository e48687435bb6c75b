package cn.smedt.hub.devices;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.TestCommand;
import cn.smedt.hub.TestTls;
import cn.smedt.hub.devices.MqttTelemetryIT.MosquittoPub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * MQTT over TLS (docs/security-transport.md): the acceptor speaks only TLS with the bundle
 * {@code hub.messaging.tls.bundle} (here the test nodes' server certificate), and with {@code client-auth: want}
 * a device authenticates by its password over TLS or by a client certificate of the devices' CA (mutual TLS), whose
 * subject {@code CN=<deviceId>,O=<uscc>} binds it to one enterprise's one device: it cannot publish for another
 * device or enterprise. With Debian's {@code mosquitto_pub --cafile/--cert/--key} and a Paho client; all certificates
 * are made by the test.
 */
@HubIT
class MqttTlsIT {

    static final int MQTT_PORT = HubNode.freePort();
    static final int CORE_PORT = HubNode.freePort();
    static final TestTls DEVICES = TestTls.authority("device CA");
    static final TestTls STRANGERS = TestTls.authority("not the device CA");
    static final String OTHER_ENTERPRISE = "91350100M000100Y43";

    @HubIT.Settings
    static void node(HubNode node) {
        TestTls.Issued server = TestTls.fixtureServer();
        node.set("hub.messaging.mqtt-url", "tcp://127.0.0.1:" + MQTT_PORT)
                .set("hub.messaging.core-url", "tcp://127.0.0.1:" + CORE_PORT)
                .set("hub.messaging.tls.bundle", "mqtt-it")
                .set("hub.messaging.tls.client-auth", "want")
                .set("spring.ssl.bundle.pem.mqtt-it.keystore.certificate", server.certificateLocation())
                .set("spring.ssl.bundle.pem.mqtt-it.keystore.private-key", server.privateKeyLocation())
                .set("spring.ssl.bundle.pem.mqtt-it.truststore.certificate", DEVICES.caLocation());
    }

    @LocalServerPort
    int port;

    String base;
    String uscc;
    String password;

    @BeforeEach
    void enterpriseWithDeviceCredentials(TestInfo test) throws Exception {
        base = HubNode.url(port);
        uscc = MqttTelemetryIT.usccOf("9141018200000", test);
        password = MqttTelemetryIT.pilotWithDeviceCredentials(base, uscc);
    }

    @Test
    void aDevicePublishesWithItsPasswordOverTls() throws Exception {
        String topic = "smedt/" + uscc + "/pw-1/telemetry";
        MosquittoPub pub = mosquittoPub(topic, "--cafile", TestTls.fixture().caCertificate().toString(),
                "-u", uscc, "-P", password);
        assertThat(pub.exit()).as(pub.output()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> deviceIds().contains("pw-1"));

        MosquittoPub plaintext = mosquittoPub(topic, "-u", uscc, "-P", password);
        assertThat(plaintext.exit()).as("plain MQTT on the TLS port: " + plaintext.output()).isNotZero();
        MosquittoPub wrongPassword = mosquittoPub(topic, "--cafile", TestTls.fixture().caCertificate().toString(),
                "-u", uscc, "-P", password + "x");
        assertThat(wrongPassword.exit()).as(wrongPassword.output()).isNotZero();
    }

    @Test
    void aDeviceCertificatePublishesForItsOwnDeviceOnly() throws Exception {
        TestTls.Issued kiln = DEVICES.client("CN=kiln-1,O=" + uscc);
        MosquittoPub own = mosquittoPub("smedt/" + uscc + "/kiln-1/telemetry", certificate(kiln));
        assertThat(own.exit()).as(own.output()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> deviceIds().contains("kiln-1"));

        for (String topic : List.of("smedt/" + uscc + "/kiln-2/telemetry",
                "smedt/" + OTHER_ENTERPRISE + "/kiln-1/telemetry")) {
            MosquittoPub other = mosquittoPub(topic, certificate(kiln));
            assertThat(other.exit()).as(topic + ": " + other.output()).isNotZero();
        }
        // the certificate decides, not a user name sent with it
        MosquittoPub claimed = mosquittoPub("smedt/" + uscc + "/kiln-3/telemetry", certificate(kiln, "-u", uscc,
                "-P", password));
        assertThat(claimed.exit()).as(claimed.output()).isNotZero();
        assertThat(deviceIds()).containsExactly("kiln-1");
    }

    @Test
    void aCertificateOfAnotherCaOrOfNoRegisteredEnterpriseIsRefused() throws Exception {
        TestTls.Issued stranger = STRANGERS.client("CN=kiln-1,O=" + uscc);
        MosquittoPub untrusted = mosquittoPub("smedt/" + uscc + "/kiln-1/telemetry", certificate(stranger));
        assertThat(untrusted.exit()).as(untrusted.output()).isNotZero();

        TestTls.Issued unregistered = DEVICES.client("CN=kiln-1,O=" + OTHER_ENTERPRISE);
        MosquittoPub notRegistered = mosquittoPub("smedt/" + OTHER_ENTERPRISE + "/kiln-1/telemetry",
                certificate(unregistered));
        assertThat(notRegistered.exit()).as(notRegistered.output()).isNotZero();

        TestTls.Issued noDevice = DEVICES.client("O=" + uscc);
        MosquittoPub withoutDevice = mosquittoPub("smedt/" + uscc + "/kiln-1/telemetry", certificate(noDevice));
        assertThat(withoutDevice.exit()).as(withoutDevice.output()).isNotZero();
        assertThat(deviceIds()).isEmpty();
    }

    @Test
    void aPahoClientWithItsDeviceCertificate() throws Exception {
        TestTls.Issued press = DEVICES.client("CN=press-1,O=" + uscc);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        options.setSocketFactory(TestTls.fixture().clientContext(press).getSocketFactory());
        MqttClient device = new MqttClient("ssl://127.0.0.1:" + MQTT_PORT, "it-tls-paho", new MemoryPersistence());
        device.connect(options);
        try {
            Instant t0 = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            device.publish("smedt/" + uscc + "/press-1/telemetry", DeviceTelemetryIT.sample(t0, "RUN", 0, "0")
                    .getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> deviceIds().contains("press-1"));
            assertThatThrownBy(() -> device.publish("smedt/" + uscc + "/press-2/telemetry", DeviceTelemetryIT
                    .sample(t0, "RUN", 0, "0").getBytes(StandardCharsets.UTF_8), 1, false))
                    .isInstanceOf(MqttException.class);
        } finally {
            if (device.isConnected()) {
                device.disconnect();
            }
            device.close();
        }
        assertThat(deviceIds()).containsExactly("press-1");

        MqttConnectOptions untrusted = new MqttConnectOptions();
        untrusted.setConnectionTimeout(10);
        untrusted.setSocketFactory(STRANGERS.clientContext(null).getSocketFactory());
        MqttClient misled = new MqttClient("ssl://127.0.0.1:" + MQTT_PORT, "it-tls-misled", new MemoryPersistence());
        assertThatThrownBy(() -> misled.connect(untrusted)).as("the broker's certificate is not of that CA")
                .isInstanceOf(MqttException.class);
        misled.close();
    }

    @Test
    void bothAcceptorsSpeakTls13And12Only() throws Exception {
        for (int acceptor : List.of(MQTT_PORT, CORE_PORT)) {
            for (String version : List.of("-tls1_3", "-tls1_2")) {
                TestCommand.Result result = TestCommand.run(List.of("openssl", "s_client", "-connect",
                        "127.0.0.1:" + acceptor, version, "-CAfile", TestTls.fixture().caCertificate().toString()),
                        "apt-get install -y openssl");
                assertThat(result.output()).as(acceptor + " " + version).contains("Verify return code: 0 (ok)")
                        .containsPattern("New, TLSv1\\.[23], Cipher is (TLS_AES|TLS_CHACHA20|ECDHE-ECDSA-"
                                + "(AES(128|256)-GCM|CHACHA20))");
            }
            TestCommand.Result tls11 = TestCommand.run(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + acceptor, "-tls1_1"), "apt-get install -y openssl");
            assertThat(tls11.output()).as(acceptor + " TLS 1.1").doesNotContainPattern("New, TLSv1(\\.[0-3])?,"
                    + " Cipher is [A-Z]");
        }
    }

    List<String> deviceIds() throws Exception {
        return MqttTelemetryIT.deviceIds(SignedCall.get(base, "/api/v1/enterprises/" + uscc + "/device-kpis")
                .by(GOV_ZZ.signer()).send().json());
    }

    static String[] certificate(TestTls.Issued device, String... more) {
        List<String> options = new ArrayList<>(List.of("--cafile", TestTls.fixture().caCertificate().toString(),
                "--cert", device.certificate().toString(), "--key", device.privateKey().toString()));
        options.addAll(Arrays.asList(more));
        return options.toArray(String[]::new);
    }

    static MosquittoPub mosquittoPub(String topic, String... options) throws Exception {
        Instant t0 = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                String.valueOf(MQTT_PORT), "-V", "mqttv311", "-q", "1", "-i", "it-tls-" + Math.abs(topic.hashCode()),
                "-t", topic, "-m", DeviceTelemetryIT.sample(t0, "RUN", 0, "0")));
        command.addAll(Arrays.asList(options));
        return MqttTelemetryIT.run(command);
    }
}
