package cn.smedt.hub.delivery;

/**
 * The delivery configuration is unusable (the node does not start), or no longer covers a planned delivery (its
 * partner or event type is gone: the attempt fails and the message ends in the dead-letter queue).
 */
class DeliveryConfigurationException extends RuntimeException {

    DeliveryConfigurationException(String message) {
        super(message);
    }
}
