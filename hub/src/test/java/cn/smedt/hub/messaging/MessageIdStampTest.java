package cn.smedt.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.utils.UUIDGenerator;
import org.junit.jupiter.api.Test;

/**
 * A message without an id (an MQTT publish) gets one, and the JMS default priority when it has none; a message with an
 * id (a JMS producer's) keeps its id and priority.
 */
class MessageIdStampTest {

    private final MessageIdStamp stamp = new MessageIdStamp();

    @Test
    void aMessageWithoutAnIdGetsOneAndTheJmsDefaultPriority() {
        CoreMessage published = new CoreMessage(1, 100);
        stamp.beforeSend(null, null, published, false, false);
        assertThat(published.getUserID()).isNotNull();
        assertThat(published.getPriority()).isEqualTo((byte) 4);
    }

    @Test
    void aPriorityOtherThanTheLowestIsKept() {
        CoreMessage urgent = new CoreMessage(2, 100);
        urgent.setPriority((byte) 9);
        stamp.beforeSend(null, null, urgent, false, false);
        assertThat(urgent.getUserID()).isNotNull();
        assertThat(urgent.getPriority()).isEqualTo((byte) 9);
    }

    @Test
    void aMessageWithAnIdIsLeftAlone() {
        CoreMessage sent = new CoreMessage(3, 100);
        Object id = UUIDGenerator.getInstance().generateUUID();
        sent.setUserID(id);
        stamp.beforeSend(null, null, sent, false, false);
        assertThat(sent.getUserID()).isSameAs(id);
        assertThat(sent.getPriority()).isEqualTo((byte) 0);
    }
}
