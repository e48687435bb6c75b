package cn.smedt.hub.messaging;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.utils.UUIDGenerator;

/**
 * Gives every message that enters the broker without a message id (an MQTT publish has none; JMS producers set one)
 * an id, so that it has a {@code JMSMessageID} by which the dead-letter API lists and replays it.
 */
final class MessageIdStamp implements ActiveMQServerMessagePlugin {

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                           boolean noAutoCreateQueue) {
        if (message instanceof CoreMessage core && core.getUserID() == null) {
            core.setUserID(UUIDGenerator.getInstance().generateUUID());
        }
    }
}
