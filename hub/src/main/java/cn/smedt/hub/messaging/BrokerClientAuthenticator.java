package cn.smedt.hub.messaging;

import java.util.Optional;

/**
 * Recognises the network clients of the embedded broker (the one extension point of broker security). The hub's own
 * in-VM connections and its internal MQTT subscriber are recognised by {@link BrokerSecurityManager} itself; every
 * other connection is asked of the authenticator, and refused when it answers empty.
 */
public interface BrokerClientAuthenticator {

    /** The client these credentials belong to, or empty (wrong or unknown credentials). Never throws for bad input. */
    Optional<BrokerClient> authenticate(String user, String password);
}
