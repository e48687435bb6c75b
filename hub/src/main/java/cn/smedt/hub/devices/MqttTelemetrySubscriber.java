package cn.smedt.hub.devices;

import cn.smedt.hub.messaging.BrokerSubscription;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTStateManager;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * The hub's durable subscription to device telemetry on its own broker: queue {@code devices.telemetry} on the
 * wildcard address {@code smedt.*.*.telemetry} (the MQTT topics {@code smedt/+/+/telemetry}), created with the
 * broker's configuration, so a sample is kept from the moment the broker acknowledges it to the device (QoS 1:
 * PUBACK once the message is in this durable queue) until {@link TelemetryBatches} has ingested it: it consumes the
 * queue in batches, each acknowledged once stored, and a failure (the database down, say) returns them to the broker,
 * which redelivers with backoff and finally moves a message that failed every attempt to
 * {@code DLQ.devices.telemetry}.
 *
 * <p>Earlier hubs subscribed as an MQTT client {@code hub-telemetry-<node>} with a persistent session; on start
 * this moves what that subscription still holds into the queue and removes it and its session ({@link #start}).
 */
@Component
class MqttTelemetrySubscriber implements SmartLifecycle {

    static final String TOPIC_HEADER = "HubMqttTopic";
    /** Grouped by address: the samples of one device (topic) go to one consumer at a time, in order. */
    static final BrokerSubscription SUBSCRIPTION = new BrokerSubscription("smedt.*.*.telemetry", "devices.telemetry",
            true);
    static final String QUEUE = SUBSCRIPTION.endpoint();
    private static final WildcardConfiguration CORE_WILDCARDS = new WildcardConfiguration();
    /**
     * Broker address to MQTT topic, as converted before: a device publishes to the same address every time, and the
     * conversion (wildcard-aware, character by character) showed in the telemetry path's profile. At most 100,000
     * device addresses; beyond, the least used are converted again when they come back.
     */
    private static final Cache<String, String> TOPICS = Caffeine.newBuilder().maximumSize(100_000).build();
    private static final Logger LOG = LoggerFactory.getLogger(MqttTelemetrySubscriber.class);

    private final ObjectProvider<EmbeddedActiveMQ> broker;
    private final String retiredClientId;
    private volatile boolean running;

    MqttTelemetrySubscriber(ObjectProvider<EmbeddedActiveMQ> broker, @Value("${hub.node.name}") String nodeName) {
        this.broker = broker;
        this.retiredClientId = "hub-telemetry-" + nodeName;
    }

    @Bean
    static BrokerSubscription deviceTelemetrySubscription() {
        return SUBSCRIPTION;
    }

    /**
     * The MQTT topic a message taken from the subscription was published to: its broker address, converted; for a
     * message the broker moved here (with address {@code smedt.*.*.telemetry}), the address it was published to.
     */
    static String topicOf(String publishedTo, String originalAddress) {
        String address = publishedTo;
        if (address == null || address.equals(SUBSCRIPTION.address())) {
            address = originalAddress;
        }
        if (address == null) {
            return null;
        }
        return TOPICS.get(address, a -> MQTTUtil.getMqttTopicFromCoreAddress(a, CORE_WILDCARDS));
    }

    @Override
    public void start() {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded != null && embedded.getActiveMQServer() != null) {
            retireMqttSubscription(embedded.getActiveMQServer());
        }
        running = true;
    }

    /**
     * Moves the messages of the retired MQTT subscription's queue ({@code <client id>.<address>}) into the
     * subscription's queue, then deletes that queue and the client's persistent MQTT session; nothing when absent.
     */
    void retireMqttSubscription(ActiveMQServer server) {
        SimpleString retired = SimpleString.of(retiredClientId + "." + SUBSCRIPTION.address());
        Queue queue = server.locateQueue(retired);
        if (queue == null) {
            return;
        }
        try {
            Binding target = server.getPostOffice().getBinding(SimpleString.of(SUBSCRIPTION.queue()));
            int moved = queue.moveReferences(null, target.getAddress(), target);
            server.destroyQueue(retired, null, false, true);
            MQTTStateManager.getInstance(server).removeSessionState(retiredClientId);
            LOG.info("telemetry: moved {} message(s) of the retired MQTT subscription {} to {} and removed it", moved,
                    retired, SUBSCRIPTION.queue());
        } catch (Exception e) {
            throw new DeviceSetupException("cannot retire the MQTT subscription " + retired, e);
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
