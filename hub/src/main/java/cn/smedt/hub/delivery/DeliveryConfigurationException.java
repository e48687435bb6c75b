package cn.smedt.hub.delivery;

/** The delivery configuration is unusable; the node does not start. */
class DeliveryConfigurationException extends RuntimeException {

    DeliveryConfigurationException(String message) {
        super(message);
    }
}
