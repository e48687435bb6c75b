package cn.smedt.hub.messaging;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox sweep of every {@link WaitingQueue}, every {@code hub.messaging.sweep-interval} (PT5S): a record stored
 * but never decided is queued again on this node when the node whose queue held its message has left the cluster
 * (killed: its message is stranded in that node's journal), or when its message has been out longer than
 * {@code hub.messaging.requeue-after} (PT2M: the node died between the commit and the send, or the message was lost).
 * A node that is killed is dropped from the Hazelcast cluster within seconds, so a survivor decides its records within
 * about that plus one sweep interval. Deciding is idempotent per record, so a second message is harmless.
 */
@Component
class StrandedRecordSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(StrandedRecordSweeper.class);
    private static final int BATCH = 1000;

    private final QueuedRecords queued;
    private final List<WaitingQueue> queues;
    private final Duration requeueAfter;

    StrandedRecordSweeper(QueuedRecords queued, List<WaitingQueue> queues,
                          @Value("${hub.messaging.requeue-after:PT2M}") Duration requeueAfter) {
        this.queued = queued;
        this.queues = queues;
        this.requeueAfter = requeueAfter;
    }

    @Scheduled(fixedDelayString = "${hub.messaging.sweep-interval:PT5S}",
            initialDelayString = "${hub.messaging.sweep-interval:PT5S}")
    void requeueStranded() {
        for (WaitingQueue queue : queues) {
            List<String> taken = queued.takeOver(queue.waiting(), requeueAfter, BATCH);
            if (!taken.isEmpty()) {
                LOG.warn("re-queueing {} undecided records of {} (their node left the cluster, or their message is"
                        + " older than {})", taken.size(), queue.waiting().table(), requeueAfter);
                taken.forEach(queue::send);
            }
        }
    }
}
