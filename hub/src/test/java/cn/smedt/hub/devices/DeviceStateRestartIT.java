package cn.smedt.hub.devices;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubNodes;
import cn.smedt.hub.SignedCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Through the real ingestion path (a plain Paho MQTT client, the hub's MQTT acceptor and subscriber): meters that add
 * less than 0.001 kWh per sample show their exact energy, OEE is computed from the raw figures; then the node (the only
 * member of its cluster) is restarted on the same database and, without any new sample, every device's lastSeen,
 * state and online status are back, and the next sample is measured from the reading stored before the restart.
 */
class DeviceStateRestartIT {

    static final String PILOT = "91410000170001401D";

    ConfigurableApplicationContext node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** The test node from the one fixture (its database, data dir, cluster name), made once for both starts. */
    static HubNode hubNode() {
        return HubNode.create().set("hub.devices.ideal-cycle-seconds", "30")
                // the restart takes seconds: the devices must still count as online after it
                .set("hub.devices.online-window", "PT30M");
    }

    /** Starts the node with its MQTT acceptor on {@code mqttUrl}. */
    static ConfigurableApplicationContext start(HubNode node, String mqttUrl) {
        return node.set("hub.messaging.mqtt-url", mqttUrl).start();
    }

    static String base(ConfigurableApplicationContext node) {
        return HubNodes.baseUrl(node);
    }

    static JsonNode kpis(String base) throws Exception {
        return SignedCall.get(base, "/api/v1/enterprises/" + PILOT + "/device-kpis").by(GOV_ZZ.signer()).send().json();
    }

    /** Whether the KPIs show {@code deviceId}'s latest state as of {@code at} (in Hazelcast after the commit). */
    static boolean seenLast(JsonNode kpis, String deviceId, Instant at) {
        for (JsonNode device : kpis.path("devices")) {
            if (deviceId.equals(device.path("deviceId").asText())) {
                return at.toString().equals(device.path("lastSeen").asText());
            }
        }
        return false;
    }

    static JsonNode device(JsonNode kpis, String deviceId) {
        for (JsonNode device : kpis.path("devices")) {
            if (deviceId.equals(device.path("deviceId").asText())) {
                return device;
            }
        }
        throw new AssertionError("no device " + deviceId + " in " + kpis);
    }

    static void publish(MqttClient client, String deviceId, String payload) throws MqttException {
        client.publish("smedt/" + PILOT + "/" + deviceId + "/telemetry", payload.getBytes(StandardCharsets.UTF_8), 1,
                false);
    }

    @Test
    void exactEnergyAndOeeThenTheLatestStatesSurviveARestart() throws Exception {
        HubNode hub = hubNode();
        String mqttBefore = "tcp://127.0.0.1:" + HubNode.freePort();
        node = start(hub, mqttBefore);
        String base = base(node);
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                .status()).isEqualTo(201);
        String password = SignedCall.post(base, "/api/v1/enterprises/" + PILOT + "/device-credentials", "{}")
                .by(GOV_ZZ.signer()).send().json().path("password").asText();

        Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        MqttClient devices = DeviceTelemetryIT.connect(mqttBefore, "it-restart-1", PILOT, password);
        // two meters read 31 times, 10 s apart: 30 intervals of 0.0004 kWh and of 0.0006 kWh
        for (int i = 0; i <= 30; i++) {
            publish(devices, "meter-a", DeviceTelemetryIT.sample(t0.plusSeconds(10L * i), "RUN", 0,
                    new BigDecimal("0.0004").multiply(BigDecimal.valueOf(i)).toPlainString()));
            publish(devices, "meter-b", DeviceTelemetryIT.sample(t0.plusSeconds(10L * i), "RUN", 0,
                    new BigDecimal("0.0006").multiply(BigDecimal.valueOf(i)).toPlainString()));
        }
        // a press: RUN 3 x 110 s, IDLE 120 s, 10 parts x 30 s: availability 330/450, performance 300/330, OEE 300/450
        String[] press = {DeviceTelemetryIT.sample(t0, "RUN", 0, "0"),
            DeviceTelemetryIT.sample(t0.plusSeconds(110), "RUN", 3, "0.5"),
            DeviceTelemetryIT.sample(t0.plusSeconds(220), "RUN", 7, "1.0"),
            DeviceTelemetryIT.sample(t0.plusSeconds(330), "IDLE", 10, "1.5"),
            DeviceTelemetryIT.sample(t0.plusSeconds(450), "OFF", 10, "1.6")};
        for (String payload : press) {
            publish(devices, "press-1", payload);
        }
        devices.disconnect();
        devices.close();

        // the minutes commit first, the devices' latest states are stored just after them (DeviceTelemetry): wait for
        // each device's last sample in both
        JsonNode before = await().atMost(Duration.ofSeconds(30)).until(() -> kpis(base),
                k -> k.path("intervals").asLong() == 64 && k.path("devicesOnline").asInt() == 3
                        && seenLast(k, "meter-a", t0.plusSeconds(300)) && seenLast(k, "meter-b", t0.plusSeconds(300))
                        && seenLast(k, "press-1", t0.plusSeconds(450)));
        assertThat(device(before, "meter-a").path("energyKwh").asText()).as("30 x 0.0004 kWh").isEqualTo("0.012");
        assertThat(device(before, "meter-b").path("energyKwh").asText()).as("30 x 0.0006 kWh").isEqualTo("0.018");
        assertThat(before.path("energyKwh").asText()).as("0.012 + 0.018 + 1.6").isEqualTo("1.630");
        JsonNode pressKpis = device(before, "press-1");
        assertThat(pressKpis.path("availability").asText()).isEqualTo("0.7333");
        assertThat(pressKpis.path("performance").asText()).isEqualTo("0.9091");
        assertThat(pressKpis.path("oee").asText()).as("300/450, not 0.7333 x 0.9091").isEqualTo("0.6667");
        assertThat(before.path("lateSamples").asLong()).isZero();
        assertThat(before.path("devicesOnline").asInt()).isEqualTo(3);

        // restart: the node stops; it comes back on the same database (and data dir, cluster name) as the only member
        // of its cluster, so Hazelcast holds nothing it had. A new MQTT port: nothing is published to it meanwhile.
        node.close();
        node = null;
        String mqttAfter = "tcp://127.0.0.1:" + HubNode.freePort();
        node = start(hub, mqttAfter);
        String restarted = base(node);

        JsonNode after = kpis(restarted);
        for (String deviceId : new String[] {"meter-a", "meter-b", "press-1"}) {
            JsonNode was = device(before, deviceId);
            JsonNode is = device(after, deviceId);
            assertThat(is.path("lastSeen").asText()).as(deviceId).isEqualTo(was.path("lastSeen").asText())
                    .isNotEmpty();
            assertThat(is.path("state").asText()).as(deviceId).isEqualTo(was.path("state").asText());
            assertThat(is.path("online").asBoolean()).as(deviceId).isTrue();
        }
        assertThat(device(after, "meter-a").path("lastSeen").asText()).isEqualTo(t0.plusSeconds(300).toString());
        assertThat(device(after, "press-1").path("state").asText()).isEqualTo("OFF");
        assertThat(after.path("devicesOnline").asInt()).isEqualTo(3);
        assertThat(after.path("onlineRate").asText()).isEqualTo("1.0000");
        assertThat(after.path("intervals").asLong()).isEqualTo(64);
        assertThat(after.path("energyKwh").asText()).isEqualTo("1.630");
        assertThat(device(after, "press-1").path("oee").asText()).isEqualTo("0.6667");

        // after the restart: meter-a's next reading is measured from the one stored before (0.0120 -> 0.0130); the
        // latest sample of meter-b delivered again (its one-hour duplicate memory went with the node) is dropped
        MqttClient again = DeviceTelemetryIT.connect(mqttAfter, "it-restart-2", PILOT, password);
        publish(again, "meter-b", DeviceTelemetryIT.sample(t0.plusSeconds(300), "RUN", 0, "0.0180"));
        publish(again, "meter-a", DeviceTelemetryIT.sample(t0.plusSeconds(310), "IDLE", 0, "0.0130"));
        again.disconnect();
        again.close();
        JsonNode next = await().atMost(Duration.ofSeconds(30)).until(() -> kpis(restarted),
                k -> device(k, "meter-a").path("intervals").asLong() == 31
                        && seenLast(k, "meter-a", t0.plusSeconds(310)));
        assertThat(device(next, "meter-a").path("energyKwh").asText()).isEqualTo("0.013");
        assertThat(device(next, "meter-a").path("runSeconds").asLong()).isEqualTo(310);
        assertThat(device(next, "meter-a").path("state").asText()).isEqualTo("IDLE");
        assertThat(device(next, "meter-b").path("intervals").asLong()).isEqualTo(30);
        assertThat(next.path("lateSamples").asLong()).as("the redelivered sample is a duplicate, not late").isZero();
        assertThat(next.path("intervals").asLong()).isEqualTo(65);
    }
}
