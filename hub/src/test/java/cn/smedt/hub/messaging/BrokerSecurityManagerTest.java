package cn.smedt.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class BrokerSecurityManagerTest {

    static final String USCC = "91410000170001401D";

    final BrokerInternalCredentials internal = new BrokerInternalCredentials("node-a");
    final BrokerSecurityManager manager = managerWith((user, password) -> USCC.equals(user) && "pw".equals(password)
            ? Optional.of(new BrokerClient(user, "smedt." + USCC + ".")) : Optional.empty());

    static BrokerSecurityManager managerWith(BrokerClientAuthenticator authenticator) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("authenticator", authenticator);
        return new BrokerSecurityManager(new BrokerInternalCredentials("node-a"),
                beans.getBeanProvider(BrokerClientAuthenticator.class));
    }

    @Test
    void aDeviceMaySendOnlyUnderItsEnterprisesTopics() throws Exception {
        Subject device = manager.authenticate(USCC, "pw", null, null);

        assertThat(manager.getUserFromSubject(device)).isEqualTo(USCC);
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + ".kiln-1.telemetry")).isTrue();
        assertThat(manager.authorize(device, Set.of(), CheckType.CREATE_ADDRESS, "smedt." + USCC + ".kiln-1.telemetry"))
                .isTrue();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt.91350100M000100Y43.kiln-1.telemetry"))
                .isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + "X.kiln-1.telemetry"))
                .as("the prefix ends with the separator").isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.CONSUME, "smedt." + USCC + ".kiln-1.telemetry"))
                .isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.CREATE_NON_DURABLE_QUEUE, "smedt.#")).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.MANAGE, "activemq.management")).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + ".a::q")).isFalse();
    }

    @Test
    void wrongOrMissingCredentialsAreRefused() throws Exception {
        assertThat(manager.authenticate(USCC, "wrong", null, null)).isNull();
        assertThat(manager.authenticate(null, null, null, null)).isNull();
        assertThat(manager.authenticate(internal.user(), "guess", null, null)).isNull();
        assertThat(manager.authorize(null, Set.of(), CheckType.SEND, "smedt." + USCC + ".d.telemetry")).isFalse();
        assertThat(manager.validateUser(USCC, "pw")).isFalse();
    }

    @Test
    void theHubsOwnSubscriberMayDoAnything() throws Exception {
        BrokerInternalCredentials credentials = new BrokerInternalCredentials("node-b");
        StaticListableBeanFactory none = new StaticListableBeanFactory();
        BrokerSecurityManager own = new BrokerSecurityManager(credentials,
                none.getBeanProvider(BrokerClientAuthenticator.class));

        Subject hub = own.authenticate(credentials.user(), new String(credentials.password()), null, null);

        assertThat(own.authorize(hub, Set.of(), CheckType.CREATE_DURABLE_QUEUE, "smedt.*.*.telemetry")).isTrue();
        assertThat(own.authorize(hub, Set.of(), CheckType.CONSUME, "smedt.*.*.telemetry")).isTrue();
        assertThat(own.authenticate(USCC, "pw", null, null)).as("no authenticator: no devices").isNull();
    }
}
