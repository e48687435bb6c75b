package cn.smedt.hub.messaging;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTInterceptor;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a network client may do on the MQTT acceptor, checked on each incoming packet before the broker acts on it
 * (an Artemis incoming interceptor): PUBLISH only, not retained, and only to a topic whose address its
 * {@link BrokerClient} names; a CONNECT that carries a will message (a publish the broker would make later on the
 * client's behalf, possibly retained) and every SUBSCRIBE are refused. A refusal is one WARN line (no stack trace)
 * and the broker closes the connection, before it has created any address or queue for the packet: MQTT 3.1.1 has
 * no per-message refusal, and a QoS 1 publish is never acknowledged. {@link BrokerSecurityManager} enforces the same
 * {@link BrokerClient} on every protocol; this class only refuses earlier and more quietly (the broker's own
 * authorization failure on an MQTT publish is an ERROR with a stack trace, and a retained publish would create a
 * durable {@code $sys.mqtt.retain.*} queue). What a connection's client may publish is worked out once for its
 * subject, and the verdict on its last topic kept ({@link PublishRights}): this runs for every sample a device sends.
 * Instantiated by the broker by class name.
 */
public final class MqttClientPolicy implements MQTTInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(MqttClientPolicy.class);
    private static final WildcardConfiguration CORE_WILDCARDS = new WildcardConfiguration();
    private static final int LOGGED_LENGTH = 200;

    @Override
    public boolean intercept(MqttMessage packet, RemotingConnection connection) {
        MqttMessageType type = packet.fixedHeader() == null ? null : packet.fixedHeader().messageType();
        if (type == MqttMessageType.CONNECT && packet instanceof MqttConnectMessage connect
                && connect.variableHeader().isWillFlag()) {
            return refuse("CONNECT", connect.payload().clientIdentifier(), connect.payload().userName(), connection,
                    connect.payload().willTopic(), "a will message is not accepted");
        }
        if (type != MqttMessageType.PUBLISH && type != MqttMessageType.SUBSCRIBE) {
            return true;
        }
        PublishRights rights = PublishRights.of(connection.getSubject());
        if (rights.internal()) {
            return true;
        }
        if (type == MqttMessageType.SUBSCRIBE) {
            return refuse("SUBSCRIBE", connection.getClientID(), user(rights), connection, null,
                    "subscribing is not accepted");
        }
        MqttPublishMessage publish = (MqttPublishMessage) packet;
        String topic = publish.variableHeader().topicName();
        String reason = null;
        if (publish.fixedHeader().isRetain()) {
            reason = "retained publishes are not accepted";
        } else if (topic == null || topic.isEmpty()) {
            reason = "a publish must name its topic (no topic aliases)";
        } else if (!rights.mayPublishTo(topic)) {
            reason = rights.client().map(found -> "not a topic this client may publish to ("
                    + CORE_WILDCARDS.convert(found.addresses(), MQTTUtil.MQTT_WILDCARD) + ")")
                    .orElse("not an authenticated client");
        }
        return reason == null || refuse("PUBLISH", connection.getClientID(), user(rights), connection, topic, reason);
    }

    private static String user(PublishRights rights) {
        return rights.client().map(BrokerClient::name).orElse(null);
    }

    private static boolean refuse(String packet, String clientId, String user, RemotingConnection connection,
                                  String topic, String reason) {
        LOG.warn("MQTT {} refused, connection closed: client {}, user {}, from {}, topic {}: {}", packet,
                printable(clientId), printable(user), connection.getRemoteAddress(), printable(topic), reason);
        return false;
    }

    /** A client-supplied string as it may appear in a log line: quoted, control characters escaped, bounded. */
    static String printable(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder("'");
        text.codePoints().limit(LOGGED_LENGTH).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(text.codePointCount(0, text.length()) > LOGGED_LENGTH ? "...'" : "'").toString();
    }
}
