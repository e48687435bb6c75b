package cn.smedt.hub.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded Artemis broker's network side and its redelivery policy (every queue; {@link RedeliverySchedule}).
 * The defaults ride out an outage of the receiver of 1 h 47 min before a message is dead-lettered: 1 s doubling to
 * 10 min, 20 attempts (docs/operations.md has the schedule).
 *
 * @param mqttUrl              MQTT acceptor for devices, e.g. {@code tcp://127.0.0.1:1883}; empty disables it
 * @param coreUrl              Core protocol acceptor for other nodes and operators (AMQP is not on the classpath); empty disables it
 * @param maxDeliveryAttempts  deliveries before a message moves to the dead-letter queue {@code DLQ} (default 20)
 * @param redeliveryDelay      first redelivery delay (default 1 s); doubles on each attempt up to
 *                             {@code maxRedeliveryDelay}
 * @param maxRedeliveryDelay   upper bound of the redelivery delay (default 10 min)
 * @param journalBufferTimeout how long the broker's journal collects writes before one write and one sync for all
 *                             of them (default 500 µs, about one fsync of an SSD; Artemis's own NIO default, 3.3 ms,
 *                             made each transacted consumer wait up to 3.3 ms per message; 0: a sync per write).
 *                             Every persistent send and JMS commit waits for it (docs/operations.md)
 */
@ConfigurationProperties(prefix = "hub.messaging")
public record MessagingProperties(String mqttUrl, String coreUrl, Integer maxDeliveryAttempts,
                                  Duration redeliveryDelay, Duration maxRedeliveryDelay,
                                  Duration journalBufferTimeout) {

    public MessagingProperties {
        if (journalBufferTimeout == null) {
            journalBufferTimeout = Duration.ofNanos(500_000);
        }
        if (journalBufferTimeout.isNegative() || journalBufferTimeout.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new BrokerConfigurationException("hub.messaging.journal-buffer-timeout must be between 0 and 1 s,"
                    + " not " + journalBufferTimeout, null);
        }
        if (maxDeliveryAttempts == null) {
            maxDeliveryAttempts = 20;
        }
        if (redeliveryDelay == null) {
            redeliveryDelay = Duration.ofSeconds(1);
        }
        if (maxRedeliveryDelay == null) {
            maxRedeliveryDelay = Duration.ofMinutes(10);
        }
        if (maxDeliveryAttempts < 1 || redeliveryDelay.toMillis() < 1
                || maxRedeliveryDelay.compareTo(redeliveryDelay) < 0) {
            throw new BrokerConfigurationException("hub.messaging: max-delivery-attempts must be at least 1,"
                    + " redelivery-delay at least 1 ms and max-redelivery-delay at least redelivery-delay (got "
                    + maxDeliveryAttempts + ", " + redeliveryDelay + ", " + maxRedeliveryDelay + ")", null);
        }
    }
}
