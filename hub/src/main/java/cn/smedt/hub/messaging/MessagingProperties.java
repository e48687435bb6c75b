package cn.smedt.hub.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded Artemis broker's network side and its redelivery policy.
 *
 * @param mqttUrl              MQTT acceptor for devices, e.g. {@code tcp://127.0.0.1:1883}; empty disables it
 * @param coreUrl              Core/AMQP acceptor for other nodes and operators; empty disables it
 * @param maxDeliveryAttempts  deliveries before a message moves to the dead-letter queue {@code DLQ}
 * @param redeliveryDelay      first redelivery delay; doubles on each attempt up to {@code maxRedeliveryDelay}
 * @param maxRedeliveryDelay   upper bound of the redelivery delay
 */
@ConfigurationProperties(prefix = "hub.messaging")
public record MessagingProperties(String mqttUrl, String coreUrl, Integer maxDeliveryAttempts,
                                  Duration redeliveryDelay, Duration maxRedeliveryDelay) {

    public MessagingProperties {
        if (maxDeliveryAttempts == null) {
            maxDeliveryAttempts = 6;
        }
        if (redeliveryDelay == null) {
            redeliveryDelay = Duration.ofSeconds(1);
        }
        if (maxRedeliveryDelay == null) {
            maxRedeliveryDelay = Duration.ofMinutes(5);
        }
    }
}
