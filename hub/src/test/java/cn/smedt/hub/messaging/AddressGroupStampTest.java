package cn.smedt.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.junit.jupiter.api.Test;

/** A grouped subscription's messages get the address they were sent to as their group; others are left alone. */
class AddressGroupStampTest {

    private final AddressGroupStamp stamp = new AddressGroupStamp(List.of(
            new BrokerSubscription("smedt.*.*.telemetry", "devices.telemetry", true),
            new BrokerSubscription("other.#", "other.queue")));

    private static Message sentTo(String address) {
        CoreMessage message = new CoreMessage(1, 100);
        message.setAddress(address);
        return message;
    }

    @Test
    void aMessageToAnAddressTheGroupedWildcardMatchesIsGroupedByThatAddress() {
        Message message = sentTo("smedt.91410000170001401D.kiln-1.telemetry");
        stamp.beforeSend(null, null, message, false, false);
        assertThat((Object) message.getGroupID())
                .isEqualTo(SimpleString.of("smedt.91410000170001401D.kiln-1.telemetry"));
    }

    @Test
    void messagesOfOtherAddressesOrWithAGroupAreLeftAlone() {
        Message ungrouped = sentTo("other.a.b");
        Message unmatched = sentTo("smedt.91410000170001401D.telemetry");
        Message grouped = sentTo("smedt.91410000170001401D.kiln-1.telemetry");
        grouped.setGroupID("mine");
        for (Message message : List.of(ungrouped, unmatched, grouped)) {
            stamp.beforeSend(null, null, message, false, false);
        }
        assertThat((Object) ungrouped.getGroupID()).isNull();
        assertThat((Object) unmatched.getGroupID()).isNull();
        assertThat((Object) grouped.getGroupID()).isEqualTo(SimpleString.of("mine"));
        assertThat(new AddressGroupStamp(List.of(new BrokerSubscription("a.*", "q"))).groupsAny()).isFalse();
    }

    @Test
    void anAddressSentToAgainIsAnsweredAsTheFirstTime() {
        for (int i = 0; i < 3; i++) {
            Message matched = sentTo("smedt.91410000170001401D.kiln-1.telemetry");
            Message unmatched = sentTo("smedt.91410000170001401D.telemetry");
            stamp.beforeSend(null, null, matched, false, false);
            stamp.beforeSend(null, null, unmatched, false, false);
            assertThat((Object) matched.getGroupID())
                    .isEqualTo(SimpleString.of("smedt.91410000170001401D.kiln-1.telemetry"));
            assertThat((Object) unmatched.getGroupID()).isNull();
        }
    }
}
