package cn.smedt.hub.messaging;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Recognises the network clients of the embedded broker (the one extension point of broker security). The hub's own
 * in-VM connections and its internal MQTT subscriber are recognised by {@link BrokerSecurityManager} itself; every
 * other connection is asked of the authenticator, and refused when it answers empty.
 */
public interface BrokerClientAuthenticator {

    /** The client these credentials belong to, or empty (wrong or unknown credentials). Never throws for bad input. */
    Optional<BrokerClient> authenticate(String user, String password);

    /**
     * The client a TLS client certificate stands for (already verified against the acceptor's trust store by the
     * handshake), or empty: a certificate this authenticator does not bind to a client. Never throws for bad input.
     */
    default Optional<BrokerClient> authenticate(X509Certificate certificate) {
        return Optional.empty();
    }
}
