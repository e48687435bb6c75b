package cn.smedt.hub.messaging;

/**
 * A durable subscription of the hub to a multicast address of its own broker (MQTT topic {@code a/+/c} is address
 * {@code a.*.c}; a wildcard address collects every address it matches): a bean of this type has the broker create
 * queue {@code queue} on {@code address} with its configuration, so it exists before any acceptor opens and keeps
 * what arrives while nothing consumes it. Consumed like every flow queue ({@link #endpoint()}, a transacted Camel JMS
 * consumer): a failure rolls the message back to the broker, which redelivers with backoff and finally moves it to
 * {@code DLQ.<queue>} (listed and replayed by the dead-letter API).
 *
 * @param address the multicast address, wildcards allowed
 * @param queue   the queue's name, unique in the broker
 */
public record BrokerSubscription(String address, String queue) {

    /** The Camel endpoint that consumes the queue (fully qualified {@code address::queue}). */
    public String endpoint() {
        return "jms:queue:" + address + "::" + queue;
    }
}
