package cn.smedt.hub.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The sweep of the {@link Outbox}, every {@code hub.messaging.sweep-interval} (PT5S): a message not yet done or
 * delivered (and not dead-lettered) is relayed again from this node when the node whose broker journal holds it has
 * left the cluster (killed: its message is stranded in that node's journal), or, by the node that queued it, when it
 * was never attempted within {@code hub.messaging.requeue-after} (PT2M) of its queue on this node's broker reaching it
 * (the node died between the commit and the send, the send failed, or the message went down with a consumer's
 * rolled-back JMS transaction): a message still waiting in its queue, behind a backlog longer than requeue-after, is
 * not sent again ({@link QueueBacklog}). A
 * node that is killed is dropped from the Hazelcast cluster within seconds, so a survivor takes over its decisions and
 * deliveries within about that plus one sweep interval. A message attempted on a live node is the broker's business
 * (redelivery with backoff, then the dead-letter queue). Consumers are idempotent, so a second message is harmless.
 * Each sweep also purges the rows of work done more than {@code hub.messaging.done-retention} (P1D) ago.
 */
@Component
class OutboxSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSweeper.class);
    private static final int BATCH = 1000;

    private final Outbox outbox;
    private final RedeliverySchedule schedule;
    private final Duration requeueAfter;
    private final Duration doneRetention;
    private final Clock clock;

    OutboxSweeper(Outbox outbox, RedeliverySchedule schedule, Clock clock,
                  @Value("${hub.messaging.requeue-after:PT2M}") Duration requeueAfter,
                  @Value("${hub.messaging.done-retention:P1D}") Duration doneRetention) {
        this.outbox = outbox;
        this.schedule = schedule;
        this.clock = clock;
        this.requeueAfter = requeueAfter;
        this.doneRetention = doneRetention;
    }

    @Scheduled(fixedDelayString = "${hub.messaging.sweep-interval:PT5S}",
            initialDelayString = "${hub.messaging.sweep-interval:PT5S}")
    void sweep() {
        List<Outbox.Message> taken = outbox.takeOver(requeueAfter, schedule.maxAttempts(), BATCH);
        taken.stream().collect(Collectors.groupingBy(Outbox.Message::endpoint, TreeMap::new, Collectors.counting()))
                .forEach((endpoint, count) -> LOG.warn("re-queueing {} outbox messages of {} (their node left the"
                        + " cluster, or they were not attempted within {})", count, endpoint, requeueAfter));
        taken.forEach(outbox::relay);
        outbox.purgeDone(clock.instant().minus(doneRetention));
    }
}
