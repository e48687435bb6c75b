package cn.smedt.hub.devices;

import cn.smedt.hub.messaging.BrokerInternalCredentials;
import org.apache.camel.ProducerTemplate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The hub's own MQTT subscriber on its broker's acceptor: subscribes {@code smedt/+/+/telemetry} at QoS 1 with a
 * persistent session (messages published while the hub restarts its consumer are kept by the broker) and hands each
 * message to route {@code direct:telemetry} with its topic. Started after the context (the embedded broker is up),
 * reconnects on its own; disabled when {@code hub.messaging.mqtt-url} is empty. It connects with the node's internal
 * broker credentials ({@link BrokerInternalCredentials}), which may subscribe; devices may only publish.
 */
@Component
class MqttTelemetrySubscriber implements SmartLifecycle, MqttCallbackExtended {

    static final String TOPIC_HEADER = "HubMqttTopic";
    static final String FILTER = "smedt/+/+/telemetry";
    private static final Logger LOG = LoggerFactory.getLogger(MqttTelemetrySubscriber.class);

    private final String brokerUrl;
    private final String clientId;
    private final ProducerTemplate template;
    private final BrokerInternalCredentials credentials;
    private MqttClient client;

    MqttTelemetrySubscriber(@Value("${hub.messaging.mqtt-url:}") String brokerUrl,
                            @Value("${hub.node.name}") String nodeName, ProducerTemplate template,
                            BrokerInternalCredentials credentials) {
        this.credentials = credentials;
        this.brokerUrl = brokerUrl;
        this.clientId = "hub-telemetry-" + nodeName;
        this.template = template;
    }

    @Override
    public void start() {
        if (brokerUrl == null || brokerUrl.isBlank()) {
            return;
        }
        try {
            client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
            client.setCallback(this);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(false);
            options.setUserName(credentials.user());
            options.setPassword(credentials.password());
            options.setAutomaticReconnect(true);
            client.connect(options);
            client.subscribe(FILTER, 1);
            LOG.info("telemetry: subscribed to {} on {}", FILTER, brokerUrl);
        } catch (MqttException e) {
            throw new DeviceSetupException("cannot subscribe to " + FILTER + " on " + brokerUrl, e);
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            template.sendBodyAndHeader(DeviceRoutes.TELEMETRY, message.getPayload(), TOPIC_HEADER, topic);
        } catch (RuntimeException e) {
            LOG.error("telemetry on {} could not be processed", topic, e);
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        if (reconnect) {
            try {
                client.subscribe(FILTER, 1);
            } catch (MqttException e) {
                LOG.error("telemetry: re-subscribing after reconnect failed", e);
            }
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        LOG.warn("telemetry: connection to {} lost ({}), reconnecting", brokerUrl, cause.toString());
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // the hub only subscribes
    }

    @Override
    public void stop() {
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect();
                }
                client.close();
            } catch (MqttException e) {
                LOG.debug("closing the telemetry subscriber: {}", e.toString());
            }
            client = null;
        }
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }
}
