package cn.smedt.hub.messaging;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
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
 * The embedded broker's security: the hub's in-VM connections (Camel JMS, management) and its internal MQTT
 * subscriber ({@link BrokerInternalCredentials}) may do anything; every other client must be recognised by the
 * {@link BrokerClientAuthenticator} and may then only send to (and auto-create) addresses under its own prefix.
 * Everything else (wrong password, no authenticator, consuming, browsing, managing) is refused.
 */
final class BrokerSecurityManager implements ActiveMQSecurityManager5 {

    /** Role of the hub's own connections (the broker accepts only its own principal classes in a subject). */
    static final String INTERNAL_ROLE = "hub-internal";
    /** Role prefix of a network client: followed by the address prefix it may send to. */
    static final String SEND_ROLE_PREFIX = "send:";

    private final BrokerInternalCredentials internal;
    private final ObjectProvider<BrokerClientAuthenticator> authenticators;

    BrokerSecurityManager(BrokerInternalCredentials internal, ObjectProvider<BrokerClientAuthenticator> authenticators) {
        this.internal = internal;
        this.authenticators = authenticators;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain)
            throws NoCacheLoginException {
        if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
            return subjectOf("in-vm", INTERNAL_ROLE);
        }
        if (internal.matches(user, password)) {
            return subjectOf(user, INTERNAL_ROLE);
        }
        if (user == null || password == null) {
            return null;
        }
        Optional<BrokerClient> client = Optional.ofNullable(authenticators.getIfAvailable())
                .flatMap(authenticator -> authenticator.authenticate(user, password));
        return client.map(found -> subjectOf(found.name(), SEND_ROLE_PREFIX + found.addressPrefix())).orElse(null);
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        Set<String> granted = new java.util.HashSet<>();
        subject.getPrincipals(RolePrincipal.class).forEach(role -> granted.add(role.getName()));
        if (granted.contains(INTERNAL_ROLE)) {
            return true;
        }
        boolean sending = checkType == CheckType.SEND || checkType == CheckType.CREATE_ADDRESS;
        return sending && granted.stream().filter(role -> role.startsWith(SEND_ROLE_PREFIX))
                .map(role -> new BrokerClient("", role.substring(SEND_ROLE_PREFIX.length())))
                .anyMatch(client -> client.maySendTo(address));
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
