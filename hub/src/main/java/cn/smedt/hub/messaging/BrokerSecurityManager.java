package cn.smedt.hub.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.CertificateUtil;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.NoCacheLoginException;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The embedded broker's security: the hub's own in-VM connections (Camel JMS, management) may do anything; every
 * network client must be recognised by the {@link BrokerClientAuthenticator} (by its TLS client certificate when it
 * shows one, then the certificate alone decides; else by user and password) and may then only send to (and
 * auto-create) the addresses its {@link BrokerClient} names. Everything else (wrong password, no authenticator,
 * consuming, browsing, managing, creating queues) is refused. {@link MqttClientPolicy} applies the same
 * {@link BrokerClient} to MQTT packets before the broker acts on them.
 */
final class BrokerSecurityManager implements ActiveMQSecurityManager5 {

    /** Role of the hub's own connections (the broker accepts only its own principal classes in a subject). */
    static final String INTERNAL_ROLE = "hub-internal";
    /** Role prefix of a network client: followed by the addresses it may send to ({@link BrokerClient#addresses}). */
    static final String SEND_ROLE_PREFIX = "send:";

    private final ObjectProvider<BrokerClientAuthenticator> authenticators;

    BrokerSecurityManager(ObjectProvider<BrokerClientAuthenticator> authenticators) {
        this.authenticators = authenticators;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain)
            throws NoCacheLoginException {
        if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
            return subjectOf("in-vm", INTERNAL_ROLE);
        }
        X509Certificate[] certificates = connection == null ? null : CertificateUtil.getCertsFromConnection(connection);
        if (certificates != null && certificates.length > 0) {
            return authenticate(certificates[0], connection.getSubject());
        }
        if (user == null || password == null) {
            return null;
        }
        byte[] digest = digest(user, password);
        Subject connected = connection == null ? null : connection.getSubject();
        if (connected != null && connected.getPrivateCredentials(CredentialDigest.class).stream()
                .anyMatch(known -> MessageDigest.isEqual(known.value(), digest))) {
            // the broker authenticates again for every authorization it has not cached (per address, for 10 s):
            // the connection's own credentials were checked when it connected, and stay valid until it closes
            return connected;
        }
        Optional<BrokerClient> client = Optional.ofNullable(authenticators.getIfAvailable())
                .flatMap(authenticator -> authenticator.authenticate(user, password));
        return client.map(found -> {
            Subject subject = subjectOf(found.name(), SEND_ROLE_PREFIX + found.addresses());
            subject.getPrivateCredentials().add(new CredentialDigest(digest));
            return subject;
        }).orElse(null);
    }

    /** The subject of a client certificate: the connection's own again, else what the authenticator binds it to. */
    private Subject authenticate(X509Certificate certificate, Subject connected) {
        if (connected != null && connected.getPublicCredentials(X509Certificate.class).contains(certificate)) {
            return connected;
        }
        return Optional.ofNullable(authenticators.getIfAvailable())
                .flatMap(authenticator -> authenticator.authenticate(certificate)).map(found -> {
                    Subject subject = subjectOf(found.name(), SEND_ROLE_PREFIX + found.addresses());
                    subject.getPublicCredentials().add(certificate);
                    return subject;
                }).orElse(null);
    }

    /** SHA-256 of the user and password a connection authenticated with (kept in its subject, never logged). */
    private record CredentialDigest(byte[] value) {
    }

    private static byte[] digest(String user, String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((user + '\0' + password)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new BrokerConfigurationException("SHA-256 is not available", e);
        }
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (isInternal(subject)) {
            return true;
        }
        boolean sending = checkType == CheckType.SEND || checkType == CheckType.CREATE_ADDRESS;
        return sending && clientOf(subject).filter(client -> client.maySendTo(address)).isPresent();
    }

    /** Whether an authenticated subject is one of the hub's own connections. */
    static boolean isInternal(Subject subject) {
        return subject != null && subject.getPrincipals(RolePrincipal.class).stream()
                .anyMatch(role -> INTERNAL_ROLE.equals(role.getName()));
    }

    /** The network client an authenticated subject stands for (empty for none and for the hub's own). */
    static Optional<BrokerClient> clientOf(Subject subject) {
        if (subject == null) {
            return Optional.empty();
        }
        String user = subject.getPrincipals(UserPrincipal.class).stream().map(Principal::getName).findFirst()
                .orElse("");
        return subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName)
                .filter(role -> role.startsWith(SEND_ROLE_PREFIX)).findFirst()
                .map(role -> new BrokerClient(user, role.substring(SEND_ROLE_PREFIX.length())));
    }

    @Override
    public String getUserFromSubject(Subject subject) {
        return subject == null ? null : subject.getPrincipals(UserPrincipal.class).stream().map(Principal::getName)
                .findFirst().orElse(null);
    }

    /** Not called by the broker for an {@link ActiveMQSecurityManager5}; refuses. */
    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    /** Not called by the broker for an {@link ActiveMQSecurityManager5}; refuses. */
    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }

    private static Subject subjectOf(String user, String role) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(role));
        return subject;
    }
}
