package cn.smedt.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class BrokerSecurityManagerTest {

    static final String USCC = "91410000170001401D";

    final BrokerSecurityManager manager = managerWith((user, password) -> USCC.equals(user) && "pw".equals(password)
            ? Optional.of(new BrokerClient(user, "smedt." + USCC + ".*.telemetry")) : Optional.empty());

    static BrokerSecurityManager managerWith(BrokerClientAuthenticator authenticator) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("authenticator", authenticator);
        return new BrokerSecurityManager(beans.getBeanProvider(BrokerClientAuthenticator.class));
    }

    @Test
    void aDeviceMaySendOnlyToItsEnterprisesTelemetryAddresses() throws Exception {
        Subject device = manager.authenticate(USCC, "pw", null, null);

        assertThat(manager.getUserFromSubject(device)).isEqualTo(USCC);
        assertThat(BrokerSecurityManager.clientOf(device)).contains(new BrokerClient(USCC, "smedt." + USCC
                + ".*.telemetry"));
        assertThat(BrokerSecurityManager.isInternal(device)).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + ".kiln-1.telemetry")).isTrue();
        assertThat(manager.authorize(device, Set.of(), CheckType.CREATE_ADDRESS, "smedt." + USCC + ".kiln-1.telemetry"))
                .isTrue();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt.91350100M000100Y43.kiln-1.telemetry"))
                .isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + "X.kiln-1.telemetry"))
                .isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + ".kiln-1.other")).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.CREATE_ADDRESS, "smedt." + USCC + ".kiln-1.other"))
                .isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.CREATE_ADDRESS, "foo.bar")).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + ".a.b.telemetry"))
                .as("a device id is one word").isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + "..telemetry")).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + ".*.telemetry"))
                .as("never a wildcard address").isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + ".#")).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.CONSUME, "smedt." + USCC + ".kiln-1.telemetry"))
                .isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.CREATE_DURABLE_QUEUE,
                "$sys.mqtt.retain.smedt." + USCC + ".kiln-1.telemetry")).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.CREATE_NON_DURABLE_QUEUE, "smedt.#")).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.MANAGE, "activemq.management")).isFalse();
        assertThat(manager.authorize(device, Set.of(), CheckType.SEND, "smedt." + USCC + ".a.telemetry::q")).isFalse();
    }

    @Test
    void aConnectionIsNotAuthenticatedAgainForEachAuthorizationWithItsOwnCredentials() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        BrokerSecurityManager counting = managerWith((user, password) -> {
            asked.incrementAndGet();
            return USCC.equals(user) && "pw".equals(password)
                    ? Optional.of(new BrokerClient(user, "smedt." + USCC + ".*.telemetry")) : Optional.empty();
        });
        RemotingConnection connection = mock(RemotingConnection.class);
        Subject device = counting.authenticate(USCC, "pw", connection, null);
        when(connection.getSubject()).thenReturn(device);

        assertThat(counting.authenticate(USCC, "pw", connection, null)).isSameAs(device);
        assertThat(asked).as("the credential store is asked once per connection").hasValue(1);
        assertThat(counting.authenticate(USCC, "wrong", connection, null)).as("other credentials are checked")
                .isNull();
        assertThat(counting.authenticate(USCC, "pw", mock(RemotingConnection.class), null))
                .as("another connection is checked").isNotNull().isNotSameAs(device);
        assertThat(asked).hasValue(3);
    }

    @Test
    void wrongOrMissingCredentialsAreRefused() throws Exception {
        assertThat(manager.authenticate(USCC, "wrong", null, null)).isNull();
        assertThat(manager.authenticate(null, null, null, null)).isNull();
        assertThat(manager.authorize(null, Set.of(), CheckType.SEND, "smedt." + USCC + ".d.telemetry")).isFalse();
        assertThat(BrokerSecurityManager.clientOf(null)).isEmpty();
        assertThat(manager.validateUser(USCC, "pw")).isFalse();
        StaticListableBeanFactory none = new StaticListableBeanFactory();
        assertThat(new BrokerSecurityManager(none.getBeanProvider(BrokerClientAuthenticator.class))
                .authenticate(USCC, "pw", null, null)).as("no authenticator: no network clients").isNull();
    }
}
