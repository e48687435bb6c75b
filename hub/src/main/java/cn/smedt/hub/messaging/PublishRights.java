package cn.smedt.hub.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;

/**
 * What one authenticated subject of the broker may publish ({@link BrokerSecurityManager#isInternal},
 * {@link BrokerSecurityManager#clientOf}), worked out once per subject instead of on every MQTT publish, with the
 * verdict on the topic it last published to: a device publishes to the same topic every time, so its publishes after
 * the first cost one comparison of the topic's name. {@link MqttClientPolicy} asks it for every PUBLISH.
 *
 * <p>Kept per subject, by identity and weakly: a subject goes when its connection does. A subject's principals never
 * change once the security manager has made it (it makes a new one for other credentials), so neither do its rights.
 */
final class PublishRights {

    private static final WildcardConfiguration CORE_WILDCARDS = new WildcardConfiguration();
    private static final PublishRights NONE = new PublishRights(false, null);
    private static final Cache<Subject, PublishRights> BY_SUBJECT = Caffeine.newBuilder().weakKeys().build();

    private final boolean internal;
    private final BrokerClient client;
    /** The topic last asked about and the answer; replaced whole, so a reader never sees one without the other. */
    private volatile Verdict last;

    private PublishRights(boolean internal, BrokerClient client) {
        this.internal = internal;
        this.client = client;
    }

    /** The rights of a subject the broker authenticated; none for no subject. */
    static PublishRights of(Subject subject) {
        return subject == null ? NONE : BY_SUBJECT.get(subject, PublishRights::from);
    }

    private static PublishRights from(Subject subject) {
        return new PublishRights(BrokerSecurityManager.isInternal(subject),
                BrokerSecurityManager.clientOf(subject).orElse(null));
    }

    /** Whether it is one of the hub's own connections, which may do anything. */
    boolean internal() {
        return internal;
    }

    /** The network client it stands for; empty for the hub's own and for an unknown subject. */
    Optional<BrokerClient> client() {
        return Optional.ofNullable(client);
    }

    /** Whether its client may publish to an MQTT topic (not a wildcard, not empty): the topic's address is one it names. */
    boolean mayPublishTo(String topic) {
        Verdict known = last;
        if (known != null && known.topic().equals(topic)) {
            return known.allowed();
        }
        boolean allowed = client != null && client.maySendTo(address(topic));
        last = new Verdict(topic, allowed);
        return allowed;
    }

    /** The broker address of an MQTT topic name ({@code a/b} is {@code a.b}), as the broker itself converts it. */
    static String address(String topic) {
        return MQTTUtil.getCoreAddressFromMqttTopic(topic, CORE_WILDCARDS);
    }

    private record Verdict(String topic, boolean allowed) {
    }
}
