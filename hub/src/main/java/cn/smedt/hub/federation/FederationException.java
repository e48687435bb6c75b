package cn.smedt.hub.federation;

/** A hub-to-hub call could not be made or answered (network, timeout, misconfiguration). */
public class FederationException extends RuntimeException {

    public FederationException(String message, Throwable cause) {
        super(message, cause);
    }
}
