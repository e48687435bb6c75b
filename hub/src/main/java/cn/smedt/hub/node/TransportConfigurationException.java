package cn.smedt.hub.node;

/** A node's transport security is configured so that it must not start (plaintext not allowed, weak protocol). */
public class TransportConfigurationException extends RuntimeException {

    public TransportConfigurationException(String message) {
        super(message);
    }

    public TransportConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
