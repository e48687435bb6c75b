package cn.smedt.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.junit.jupiter.api.Test;

/** The publish rights of a subject: worked out once, the last topic's verdict remembered, never another's. */
class PublishRightsTest {

    static final String USCC = BrokerSecurityManagerTest.USCC;
    static final String OTHER = "91350100M000100Y43";

    final BrokerSecurityManager manager = BrokerSecurityManagerTest.managerWith((user, password) ->
            USCC.equals(user) || OTHER.equals(user)
                    ? Optional.of(new BrokerClient(user, "smedt." + user + ".*.telemetry")) : Optional.empty());

    @Test
    void aDeviceMayPublishOnlyToItsEnterprisesTopicsAndEachTopicIsJudgedOnItsOwn() throws Exception {
        PublishRights rights = PublishRights.of(manager.authenticate(USCC, "pw", null, null));

        assertThat(rights.internal()).isFalse();
        assertThat(rights.client()).contains(new BrokerClient(USCC, "smedt." + USCC + ".*.telemetry"));
        for (int i = 0; i < 3; i++) {
            assertThat(rights.mayPublishTo("smedt/" + USCC + "/kiln-1/telemetry")).as("again, remembered").isTrue();
        }
        assertThat(rights.mayPublishTo("smedt/" + OTHER + "/kiln-1/telemetry")).as("after an allowed one").isFalse();
        assertThat(rights.mayPublishTo("smedt/" + OTHER + "/kiln-1/telemetry")).as("again, remembered").isFalse();
        assertThat(rights.mayPublishTo("smedt/" + USCC + "/kiln-2/telemetry")).as("after a refused one").isTrue();
        assertThat(rights.mayPublishTo("smedt/" + USCC + "/kiln-2/other")).isFalse();
        assertThat(rights.mayPublishTo("smedt/" + USCC + "/+/telemetry")).as("never a wildcard").isFalse();
        assertThat(rights.mayPublishTo("smedt/" + USCC + "/#")).isFalse();
        assertThat(rights.mayPublishTo("smedt/" + USCC + "/a/b/telemetry")).as("a device id is one word").isFalse();
        assertThat(rights.mayPublishTo("smedt/" + USCC + "/kiln-1/telemetry")).isTrue();
    }

    @Test
    void eachSubjectHasItsOwnRightsWorkedOutOnce() throws Exception {
        Subject device = manager.authenticate(USCC, "pw", null, null);
        Subject other = manager.authenticate(OTHER, "pw", null, null);

        assertThat(PublishRights.of(device)).isSameAs(PublishRights.of(device));
        assertThat(PublishRights.of(device).mayPublishTo("smedt/" + USCC + "/kiln-1/telemetry")).isTrue();
        assertThat(PublishRights.of(other).mayPublishTo("smedt/" + USCC + "/kiln-1/telemetry"))
                .as("not the other subject's verdict on the same topic").isFalse();
        assertThat(PublishRights.of(other).mayPublishTo("smedt/" + OTHER + "/kiln-1/telemetry")).isTrue();
        Subject again = manager.authenticate(USCC, "pw", null, null);
        assertThat(PublishRights.of(again)).as("a new subject, worked out anew").isNotSameAs(PublishRights.of(device));
    }

    @Test
    void noSubjectMayPublishNothingAndTheHubsOwnMayDoAnything() throws Exception {
        PublishRights none = PublishRights.of(null);
        assertThat(none.internal()).isFalse();
        assertThat(none.client()).isEmpty();
        assertThat(none.mayPublishTo("smedt/" + USCC + "/kiln-1/telemetry")).isFalse();
        assertThat(PublishRights.of(new Subject()).mayPublishTo("smedt/" + USCC + "/kiln-1/telemetry"))
                .as("a subject without the send role").isFalse();

        RemotingConnection inVm = mock(RemotingConnection.class);
        when(inVm.getTransportConnection()).thenReturn(mock(InVMConnection.class));
        PublishRights hub = PublishRights.of(manager.authenticate(null, null, inVm, null));
        assertThat(hub.internal()).isTrue();
        assertThat(hub.client()).isEmpty();
    }
}
