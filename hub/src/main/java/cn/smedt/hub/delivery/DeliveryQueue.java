package cn.smedt.hub.delivery;

/** The durable queue of (decision id, target) pairs to deliver. */
public final class DeliveryQueue {

    /** Body: the decision id. */
    public static final String QUEUE = "jms:queue:deliveries";
    /** JMS header naming the target: GOVERNMENT or PARTNER:&lt;partner id&gt;. */
    public static final String TARGET_HEADER = "HubTarget";

    private DeliveryQueue() {
    }
}
