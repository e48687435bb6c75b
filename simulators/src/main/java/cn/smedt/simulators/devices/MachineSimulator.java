package cn.smedt.simulators.devices;

import cn.smedt.simulators.partners.MqttCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One simulated machine publishing telemetry over MQTT 3.1.1 (Eclipse Paho) on
 * {@code smedt/<uscc>/<deviceId>/telemetry}: its state follows a random walk with the kind's idle and alarm shares,
 * its part counter advances by elapsed RUN time / seconds per part, its energy meter by the state's power. Counters are
 * cumulative like a real PLC's.
 */
public final class MachineSimulator implements AutoCloseable {

    private final MqttClient client;
    private final String topic;
    private final MachineKind kind;
    private final Random random;
    private final int qos;
    /** Created on the first publish from {@code kind} and {@code random}, so the behaviour lives in one place. */
    private MachineModel model;

    /**
     * Connects a machine of an enterprise to the hub's MQTT acceptor with the enterprise's device credentials.
     *
     * @param credentials the enterprise's device credentials (operation issueDeviceCredentials)
     */
    public MachineSimulator(String brokerUrl, MqttCredentials credentials, String uscc, String deviceId,
                            MachineKind kind, long seed, int qos) throws MqttException {
        this.client = new MqttClient(brokerUrl, "sim-" + deviceId + "-" + seed, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setUserName(credentials.username());
        options.setPassword(credentials.password().toCharArray());
        options.setAutomaticReconnect(true);
        client.connect(options);
        this.topic = "smedt/" + uscc + "/" + deviceId + "/telemetry";
        this.kind = kind;
        this.random = new Random(seed);
        this.qos = qos;
    }

    /** Advances the machine to {@code now} and publishes one sample. */
    public void publish(Instant now) throws MqttException {
        if (model == null) {
            model = new MachineModel(kind, random);
        }
        MachineModel.Snapshot sample = model.advance(now);
        String payload = "{\"ts\":\"" + now + "\",\"state\":\"" + sample.state() + "\",\"partCount\":"
                + sample.partCount() + ",\"energyKwh\":" + sample.energyKwh().toPlainString() + "}";
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
