package cn.smedt.hub.messaging;

/**
 * A durable subscription of the hub to a multicast address of its own broker (MQTT topic {@code a/+/c} is address
 * {@code a.*.c}; a wildcard address collects every address it matches): a bean of this type has the broker create
 * queue {@code queue} on {@code address} with its configuration, so it exists before any acceptor opens and keeps
 * what arrives while nothing consumes it. Consumed like every flow queue ({@link #endpoint()}, a transacted Camel JMS
 * consumer): a failure rolls the message back to the broker, which redelivers with backoff and finally moves it to
 * {@code DLQ.<queue>} (listed and replayed by the dead-letter API).
 *
 * @param address          the multicast address, wildcards allowed
 * @param queue            the queue's name, unique in the broker
 * @param groupedByAddress the broker gives each message sent to an address this one matches the address it was sent
 *                         to as its message group ({@code JMSXGroupID}, unless it has one): the queue then hands all
 *                         messages of one address (an MQTT topic: one device) to one of its consumers at a time, in
 *                         order, so the queue can have several consumers ({@link AddressGroupStamp})
 */
public record BrokerSubscription(String address, String queue, boolean groupedByAddress) {

    /** A subscription whose messages are not grouped. */
    public BrokerSubscription(String address, String queue) {
        this(address, queue, false);
    }

    /** The Camel endpoint that consumes the queue (fully qualified {@code address::queue}). */
    public String endpoint() {
        return "jms:queue:" + address + "::" + queue;
    }
}
