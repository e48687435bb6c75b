package cn.smedt.hub.messaging;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.utils.UUIDGenerator;

/**
 * Gives every message that enters the broker without a message id (an MQTT publish has none; JMS producers set one)
 * an id, so that it has a {@code JMSMessageID} by which the dead-letter API lists and replays it; and, when it has the
 * lowest priority (0: an MQTT publish has no priority), the JMS default priority {@value #JMS_DEFAULT_PRIORITY}.
 *
 * <p>The priority matters to the hub's JMS consumers: the Artemis client acknowledges a message of any priority but
 * {@value #JMS_DEFAULT_PRIORITY} on its own (one packet to the broker, and one task of the broker's, per message), so
 * that every sample of a telemetry batch cost an acknowledgement of its own before the batch's commit; with the
 * default, the commit acknowledges the batch at once (docs/benchmarks.md, 2026-12-03 (morning)). Nothing in the hub orders
 * MQTT messages by priority, and MQTT carries none to subscribers.
 */
final class MessageIdStamp implements ActiveMQServerMessagePlugin {

    /** The JMS default priority. */
    static final byte JMS_DEFAULT_PRIORITY = (byte) jakarta.jms.Message.DEFAULT_PRIORITY;

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                           boolean noAutoCreateQueue) {
        if (message instanceof CoreMessage core && core.getUserID() == null) {
            core.setUserID(UUIDGenerator.getInstance().generateUUID());
            if (core.getPriority() == 0) {
                core.setPriority(JMS_DEFAULT_PRIORITY);
            }
        }
    }
}
