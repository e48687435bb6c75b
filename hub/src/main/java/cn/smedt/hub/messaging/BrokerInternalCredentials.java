package cn.smedt.hub.messaging;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The credentials the hub's own network clients of its broker (the MQTT telemetry subscriber) connect with: a user
 * named after the node and a password drawn at start-up, never configured or written anywhere.
 */
@Component
public class BrokerInternalCredentials {

    private final String user;
    private final String password;

    BrokerInternalCredentials(@Value("${hub.node.name}") String nodeName) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.user = "hub-internal-" + nodeName;
        this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public String user() {
        return user;
    }

    public char[] password() {
        return password.toCharArray();
    }

    boolean matches(String user, String password) {
        return this.user.equals(user) && java.security.MessageDigest.isEqual(
                this.password.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                password == null ? new byte[0] : password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BrokerInternalCredentials[" + user + "]";
    }
}
