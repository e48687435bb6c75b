package cn.smedt.hub.devices;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.TestPartners;
import cn.smedt.sdk.HubSdk;
import cn.smedt.simulators.devices.MachineKind;
import cn.smedt.simulators.devices.MachineSimulator;
import cn.smedt.simulators.partners.DemoEnterprises;
import cn.smedt.simulators.partners.GovernmentPlatformSimulator;
import cn.smedt.simulators.partners.MqttCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * A plain MQTT 3.1.1 client (Eclipse Paho, as any third-party gateway would use) publishes the documented topic and
 * payload to the hub's MQTT acceptor with its enterprise's device credentials; the hub aggregates it and serves the
 * KPIs; duplicates count once, bad messages go to devices.invalid and store nothing; no credentials, a wrong password
 * and another enterprise's topic are refused by the broker; the KPIs reach the industrial platform as signed reports.
 * The simulators' machines (with credentials the simulated government platform had the hub issue) report too.
 */
@HubIT
class DeviceTelemetryIT {

    static final String PILOT = "91410000170001401D";
    static final int MQTT_PORT = HubNode.freePort();

    @HubIT.Settings
    static void node(HubNode node) {
        node.set("hub.messaging.mqtt-url", "tcp://127.0.0.1:" + MQTT_PORT);
        node.set("hub.devices.ideal-cycle-seconds", "30");
        node.partner(TestPartners.PLATFORM_ZZ, "webhook-url", PLATFORM.baseUrl() + "/platform/device-kpis");
        node.set("hub.devices.report-interval", "PT1S");
        node.set("hub.devices.report-initial-delay", "PT1S");
    }

    /** The industrial internet platform that receives the KPI reports. */
    static final WireMockServer PLATFORM = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @BeforeAll
    static void start() {
        PLATFORM.start();
        PLATFORM.stubFor(post(urlPathEqualTo("/platform/device-kpis")).willReturn(aResponse().withStatus(200)));
    }

    @AfterAll
    static void stop() {
        PLATFORM.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JmsTemplate jms;

    @Test
    void theSimulatorsMachinesReportThroughTheHub() throws Exception {
        String base = HubNode.url(port);
        HubSdk government = HubSdk.builder().baseUri(java.net.URI.create(base)).signer(GOV_ZZ.signer())
                .httpClient(cn.smedt.hub.TestTls.httpClient()).build();
        DemoEnterprises.Enterprise factory = DemoEnterprises.generate(3, 77L).stream()
                .filter(DemoEnterprises.Enterprise::pilot).findFirst().orElseThrow();
        GovernmentPlatformSimulator platform = new GovernmentPlatformSimulator(government, List.of(factory));
        assertThat(platform.tick(1)).isEqualTo(1);
        MqttCredentials credentials = platform.issueDeviceCredentials(factory.uscc());
        MachineKind kind = MachineKind.forIndustry(factory.industry());
        Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        MachineSimulator machine = new MachineSimulator("tcp://127.0.0.1:" + MQTT_PORT, credentials, factory.uscc(),
                "sim-1", kind, 5L, 1);
        try {
            for (int i = 0; i <= 20; i++) {
                machine.publish(t0.plusSeconds(30L * i));
            }
        } finally {
            machine.close();
        }

        JsonNode kpis = await().atMost(Duration.ofSeconds(30)).until(() -> SignedCall.get(base,
                "/api/v1/enterprises/" + factory.uscc() + "/device-kpis").by(GOV_ZZ.signer()).send().json(),
                k -> k.path("intervals").asLong() == 20);
        // 20 intervals of 30 s: every second of the 10 minutes is in one state or another
        assertThat(kpis.path("runSeconds").asLong() + kpis.path("idleSeconds").asLong()
                + kpis.path("alarmSeconds").asLong() + kpis.path("offSeconds").asLong()).isEqualTo(600);
        assertThat(new java.math.BigDecimal(kpis.path("energyKwh").asText())).isPositive();
        assertThat(kpis.path("devices").get(0).path("deviceId").asText()).isEqualTo("sim-1");
    }

    static JsonNode readJson(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static String sample(Instant at, String state, long parts, String kwh) {
        return "{\"ts\":\"" + at + "\",\"state\":\"" + state + "\",\"partCount\":" + parts + ",\"energyKwh\":" + kwh + "}";
    }

    static MqttClient connect(String clientId, String user, String password) throws MqttException {
        return connect("tcp://127.0.0.1:" + MQTT_PORT, clientId, user, password);
    }

    /** A plain MQTT 3.1.1 client connected to {@code brokerUrl} (with {@code user} and {@code password} if given). */
    static MqttClient connect(String brokerUrl, String clientId, String user, String password) throws MqttException {
        MqttClient client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        return client;
    }

    @Test
    void aThirdPartyMqttClientsTelemetryBecomesKpis() throws Exception {
        String base = HubNode.url(port);
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                .status()).isEqualTo(201);
        JsonNode credentials = SignedCall.post(base, "/api/v1/enterprises/" + PILOT + "/device-credentials", "{}")
                .by(GOV_ZZ.signer()).send().json();
        assertThat(credentials.path("username").asText()).isEqualTo(PILOT);
        assertThat(credentials.path("topic").asText()).isEqualTo("smedt/" + PILOT + "/+/telemetry");
        assertThat(jdbc.queryForObject("select password_hash from device_credential where uscc = ?", String.class,
                PILOT)).as("only a hash is stored").doesNotContain(credentials.path("password").asText());
        // the enterprise declares two kilns; kiln-2 never reports: it counts in the online rate's denominator
        JsonNode registered = SignedCall.post(base, "/api/v1/enterprises/" + PILOT + "/devices", """
                {"devices":[{"deviceId":"kiln-1","name":"1号隧道窑","kind":"TUNNEL_KILN"},{"deviceId":"kiln-2"}]}""")
                .by(GOV_ZZ.signer()).send().json();
        assertThat(registered.size()).isEqualTo(2);
        assertThat(SignedCall.post(base, "/api/v1/enterprises/" + PILOT + "/devices", """
                {"devices":[{"deviceId":"kiln/3"}]}""").by(GOV_ZZ.signer()).send().json().path("errors").get(0)
                .path("pointer").asText()).isEqualTo("/devices/0/deviceId");
        Instant t0 = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String topic = "smedt/" + PILOT + "/kiln-1/telemetry";
        assertThatThrownBy(() -> connect("it-anonymous", null, null)).isInstanceOf(MqttSecurityException.class);
        assertThatThrownBy(() -> connect("it-wrong", PILOT, "not-the-password"))
                .isInstanceOf(MqttSecurityException.class);
        MqttClient device = connect("it-kiln-1", PILOT, credentials.path("password").asText());
        // intervals: 60 s RUN (+2 parts, +0.3 kWh), 60 s RUN (+2, +0.3), 30 s IDLE (+0.05), 30 s ALARM (+0.05),
        // 60 s RUN (+2, +0.3): RUN 180 s, IDLE 30 s, ALARM 30 s, 6 parts, 1.000 kWh
        String[] samples = {sample(t0, "RUN", 0, "0"), sample(t0.plusSeconds(60), "RUN", 2, "0.3"),
            sample(t0.plusSeconds(120), "IDLE", 4, "0.6"), sample(t0.plusSeconds(150), "ALARM", 4, "0.65"),
            sample(t0.plusSeconds(180), "RUN", 4, "0.7"), sample(t0.plusSeconds(240), "OFF", 6, "1.0"),
            sample(t0.plusSeconds(240), "OFF", 6, "1.0"), sample(t0.plusSeconds(200), "RUN", 5, "0.9")};
        for (String payload : samples) {
            device.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        }
        device.publish(topic, "not json".getBytes(StandardCharsets.UTF_8), 1, false);
        device.publish("smedt/" + PILOT + "/" + "k".repeat(65) + "/telemetry",
                sample(t0, "RUN", 0, "0").getBytes(StandardCharsets.UTF_8), 1, false);
        device.disconnect();
        device.close();
        // the enterprise's credentials do not reach another enterprise's topics: the broker drops the connection
        MqttClient intruder = connect("it-intruder", PILOT, credentials.path("password").asText());
        intruder.setTimeToWait(10_000);
        assertThatThrownBy(() -> intruder.publish("smedt/91350100M000100Y43/press-1/telemetry",
                sample(t0, "RUN", 0, "0").getBytes(StandardCharsets.UTF_8), 1, false)).isInstanceOf(MqttException.class);
        intruder.close(true);

        JsonNode kpis = await().atMost(Duration.ofSeconds(30)).until(() -> SignedCall.get(base,
                "/api/v1/enterprises/" + PILOT + "/device-kpis").by(GOV_ZZ.signer()).send().json(),
                // the counters are committed to the database first, the devices' latest states to Hazelcast just
                // after: wait for both
                k -> k.path("parts").asLong() == 6 && k.path("lateSamples").asLong() == 1
                        && k.path("devicesOnline").asInt() == 1
                        && "OFF".equals(k.path("devices").path(0).path("state").asText()));

        assertThat(kpis.path("runSeconds").asLong()).isEqualTo(180);
        assertThat(kpis.path("idleSeconds").asLong()).isEqualTo(30);
        assertThat(kpis.path("alarmSeconds").asLong()).isEqualTo(30);
        assertThat(kpis.path("energyKwh").asText()).isEqualTo("1.000");
        assertThat(kpis.path("intervals").asLong()).as("5 intervals, the duplicate not counted").isEqualTo(5);
        assertThat(kpis.path("lateSamples").asLong()).as("the sample of t0+200 s came after t0+240 s").isEqualTo(1);
        // availability 180 / 240; performance 6 x 30 s / 180 s = 1; quality 1
        assertThat(kpis.path("utilisation").asText()).isEqualTo("0.7500");
        assertThat(kpis.path("oee").asText()).isEqualTo("0.7500");
        assertThat(kpis.path("devicesKnown").asInt()).isEqualTo(2);
        assertThat(kpis.path("devicesRegistered").asInt()).isEqualTo(2);
        assertThat(kpis.path("devicesOnline").asInt()).isEqualTo(1);
        assertThat(kpis.path("onlineRate").asText()).as("kiln-1 of kiln-1 and kiln-2").isEqualTo("0.5000");
        assertThat(kpis.path("devices").get(0).path("name").asText()).isEqualTo("1号隧道窑");
        assertThat(kpis.path("devices").get(1).path("online").asBoolean()).isFalse();
        assertThat(kpis.path("devices").get(0).path("state").asText()).isEqualTo("OFF");
        assertThat(jdbc.queryForObject("select sum(samples) from device_minute where uscc = ?", Long.class, PILOT))
                .as("5 intervals aggregated, the duplicate not").isEqualTo(5);
        assertThat(jdbc.queryForObject("select count(*) from device_minute where uscc = '91350100M000100Y43'",
                Long.class)).as("the intruder's publish to another enterprise's topic stored nothing").isZero();
        // the KPIs are forwarded to the industrial platform (partner platform-zz, its webhook), signed by the hub
        LoggedRequest delivered = await().atMost(Duration.ofSeconds(30)).until(() -> PLATFORM.findAll(
                postRequestedFor(urlPathEqualTo("/platform/device-kpis"))).stream()
                .filter(request -> {
                    JsonNode body = readJson(request.getBodyAsString());
                    return PILOT.equals(body.path("uscc").asText()) && body.path("parts").asLong() == 6;
                })
                .findFirst().orElse(null), java.util.Objects::nonNull);
        JsonNode report = readJson(delivered.getBodyAsString());
        assertThat(report.path("eventType").asText()).isEqualTo("device-kpis");
        assertThat(report.path("oee").asText()).isEqualTo("0.7500");
        assertThat(delivered.getHeader("Idempotency-Key")).startsWith("kpi-" + PILOT + "-");
        assertThat(delivered.containsHeader("Signature")).isTrue();
        assertThat(delivered.containsHeader("Content-Digest")).isTrue();
        Integer invalid = await().atMost(Duration.ofSeconds(30)).until(() -> jms.browse("devices.invalid",
                (session, browser) -> Collections.list(browser.getEnumeration()).size()), n -> n >= 2);
        assertThat(invalid).isEqualTo(2);
    }
}
