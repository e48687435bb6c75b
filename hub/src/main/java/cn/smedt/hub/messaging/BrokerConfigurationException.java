package cn.smedt.hub.messaging;

/** The embedded broker's configuration is invalid. */
public class BrokerConfigurationException extends RuntimeException {

    public BrokerConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
