package cn.smedt.hub.messaging;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What this node's broker still holds, for the {@link OutboxSweeper}: per queue (by the outbox endpoint that names it,
 * {@code jms:queue:<queue>} or {@code jms:queue:<address>::<queue>}) the time the oldest message still in it was
 * sent, counting the messages waiting and those delivered to a consumer but not acknowledged (not those scheduled for
 * a redelivery: they were attempted, and a queue must not wait for them). A
 * message written to the outbox at {@code t} and sent to its queue is in the queue's backlog behind messages sent no
 * later than about {@code t}; so while the queue's oldest message was sent before {@code t + requeue-after}, the message
 * may still be queued and must not be sent again (a backlog longer than requeue-after is not multiplied), and once the
 * queue has moved past that point (or is empty) a message written at {@code t} and never attempted was lost (its send
 * failed, or it went down with a consumer's rolled-back JMS transaction). Queues holding nothing but scheduled
 * redeliveries are not listed.
 */
@Component
class QueueBacklog {

    private static final String PREFIX = "jms:queue:";

    private final ObjectProvider<EmbeddedActiveMQ> broker;

    QueueBacklog(ObjectProvider<EmbeddedActiveMQ> broker) {
        this.broker = broker;
    }

    /**
     * The non-empty queues of this node's broker, by endpoint, with the time their oldest message was sent;
     * {@link Instant#MIN} for a queue whose messages are all paged out (not known: treated as still holding
     * everything). Empty when there is no embedded broker.
     */
    Map<String, Instant> oldestSent() {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        ActiveMQServer server = embedded == null ? null : embedded.getActiveMQServer();
        Map<String, Instant> oldest = new HashMap<>();
        if (server == null || server.getPostOffice() == null) {
            return oldest;
        }
        server.getPostOffice().getAllBindings()
                .filter(LocalQueueBinding.class::isInstance)
                .map(binding -> ((LocalQueueBinding) binding).getQueue())
                .filter(queue -> queue.getMessageCount() - queue.getScheduledCount() > 0)
                .forEach(queue -> oldest.put(endpoint(queue), oldestSent(queue)));
        return oldest;
    }

    private static String endpoint(Queue queue) {
        String name = queue.getName().toString();
        String address = queue.getAddress().toString();
        return PREFIX + (name.equals(address) ? name : address + "::" + name);
    }

    private static Instant oldestSent(Queue queue) {
        long oldest = Long.MAX_VALUE;
        oldest = Math.min(oldest, sent(queue.peekFirstMessage()));
        for (List<MessageReference> delivering : queue.getDeliveringMessages().values()) {
            for (MessageReference reference : delivering) {
                oldest = Math.min(oldest, sent(reference));
            }
        }
        return oldest == Long.MAX_VALUE ? Instant.MIN : Instant.ofEpochMilli(oldest);
    }

    private static long sent(MessageReference reference) {
        if (reference == null || reference.getMessage() == null) {
            return Long.MAX_VALUE;
        }
        long timestamp = reference.getMessage().getTimestamp();
        return timestamp > 0 ? timestamp : Long.MAX_VALUE;
    }
}
