package cn.smedt.hub.messaging;

import cn.smedt.hub.storage.DurableCommits;
import com.hazelcast.core.HazelcastInstance;
import jakarta.jms.ConnectionFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import cn.smedt.hub.storage.RaceFreeWrites;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way the hub queues a message (table {@code outbox}): work for this hub (an interest period or an acceptance
 * to decide, a batch job to run) and deliveries to partners (decisions, KPI reports: {@code delivery.Deliveries}).
 * A message is {@link #write written} as a row in the business transaction that needs it, stamped with this node's
 * broker journal ({@code queued_on}, {@link BrokerJournal}) and the time; it is relayed to its queue on this node's
 * broker after the commit (at once when no transaction is active), the messages of one transaction together in one
 * JMS transaction. Its consumer stamps each {@link #attempt} (a
 * delivery also its {@link #failed} ones, with the reason) and marks it {@link #done}, each in a transaction of its own
 * (or the caller's), so the stamp is durable before the consumer acknowledges its message (the transaction manager's
 * commit waits for the group commit, {@code storage.DurableTransactionManager}); rows of work done are purged
 * after {@code hub.messaging.done-retention} (P1D), those of deliveries stay (the delivery log) unless their kind of
 * event purges its own ({@link #purgeDelivered}: KPI reports, after {@code hub.devices.report-retention}). The
 * {@link OutboxSweeper} sends again, from any live node, a row whose node has left the cluster (its message is stranded
 * in that node's journal), and from its own node a row never attempted within {@code hub.messaging.requeue-after} of
 * its queue on that node reaching it (lost between the commit and the send, or with a consumer's rolled-back JMS
 * transaction; a message still waiting in its queue's backlog is not sent again: {@link QueueBacklog}). Consumers are idempotent per message (receivers of deliveries deduplicate by their
 * Idempotency-Key), so a message sent twice is harmless; a consumer drops a message whose row is missing or whose
 * record is (its transaction rolled back after the message was sent within a consumer's transaction).
 */
@Component
public class Outbox {

    /** JMS header: the outbox row ({@code message_id}) of the message. */
    public static final String ID_HEADER = "HubOutboxId";
    /** JMS header: where a delivery goes ({@code target}); absent for work. */
    public static final String TARGET_HEADER = "HubTarget";

    /** The most characters of record ids (each with its separator) one message of gathered work carries. */
    static final int GATHERED_CHARS = 16000;
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final JdbcTemplate jdbc;
    private final ProducerTemplate template;
    private final HazelcastInstance cluster;
    private final BrokerJournal journal;
    private final Clock clock;
    private final ConnectionFactory connectionFactory;
    private final RaceFreeWrites writes;
    private final QueueBacklog backlog;
    /** A local JMS transaction of its own, for relaying the messages of one database transaction together. */
    private final TransactionTemplate relayTransaction;

    Outbox(JdbcTemplate jdbc, ProducerTemplate template, HazelcastInstance cluster, BrokerJournal journal,
           Clock clock, ConnectionFactory connectionFactory, RaceFreeWrites writes, QueueBacklog backlog) {
        this.backlog = backlog;
        this.connectionFactory = connectionFactory;
        this.writes = writes;
        this.relayTransaction = new TransactionTemplate(new JmsTransactionManager(connectionFactory));
        this.relayTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
        this.template = template;
        this.cluster = cluster;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * One message of the outbox.
     *
     * @param id        {@code message_id}: the record id for work, {@code <key>/<target>} for a delivery, and for work
     *                  of several records {@code <first record id>+<number of the others>}
     * @param endpoint  the queue it is relayed to, e.g. {@code jms:queue:loans.interest-periods}
     * @param body      the message body: the record id, or the delivery's key (decision id, report id); the first
     *                  record's id for work of several records
     * @param eventType a delivery's kind of event (its payload, {@code delivery.WebhookEvent}); null for work
     * @param target    a delivery's target, GOVERNMENT or PARTNER:&lt;partner id&gt;; null for work
     * @param pinned    only the node that wrote it may send it again (its work needs that node's files)
     * @param records   the ids of the records of work of several records ({@link #gathered}), in their order; empty
     *                  for a message of one record or a delivery
     */
    public record Message(String id, String endpoint, String body, String eventType, String target, boolean pinned,
                          List<String> records) {

        public Message {
            records = List.copyOf(records);
        }

        /** Work for this hub, any node can do it: the record id is the message's id and body. */
        public static Message work(String endpoint, String recordId) {
            return new Message(recordId, endpoint, recordId, null, null, false, List.of());
        }

        /** Work only this node can do (it needs this node's files): never taken over by another node. */
        public static Message localWork(String endpoint, String recordId) {
            return new Message(recordId, endpoint, recordId, null, null, true, List.of());
        }

        /** A delivery of the event {@code key} of kind {@code eventType} to {@code target}. */
        public static Message delivery(String endpoint, String eventType, String key, String target) {
            return new Message(key + "/" + target, endpoint, key, eventType, target, false, List.of());
        }

        /**
         * Work of these records (at least one) for this hub, one message: {@link #work} for one record, else a
         * message whose JMS body is their ids separated by single spaces ({@link #recordsOf}).
         */
        static Message gathered(String endpoint, List<String> recordIds) {
            if (recordIds.size() == 1) {
                return work(endpoint, recordIds.get(0));
            }
            return new Message(recordIds.get(0) + "+" + (recordIds.size() - 1), endpoint, recordIds.get(0), null,
                    null, false, recordIds);
        }

        /** What the message's JMS body is: the records' ids of work of several records, else the body. */
        String text() {
            return records.isEmpty() ? body : String.join(" ", records);
        }
    }

    /**
     * The record ids of a message of work as its consumer receives it (the JMS body): one, or several separated by
     * single spaces ({@link #writeGathered}).
     */
    public static List<String> recordsOf(String body) {
        return body == null || body.isEmpty() ? List.of() : List.of(body.split(" "));
    }

    /** The id this node stamps as {@code queued_on} on the messages it relays to its own broker. */
    public String localNode() {
        return journal.id();
    }

    /**
     * Writes the message in the caller's transaction; it is relayed once that commits. Inside a consumer of this
     * node's queues (a decision route), whose JMS transaction is bound to the thread, it is sent at once in that
     * transaction instead, which commits after the database's (a send after the database's commit would only join
     * the consumer's next transaction).
     */
    public void write(Message message) {
        insert(message);
        relayWhenCommitted(message);
    }

    /**
     * Writes the message unless it was written before (by any node): false then, and nothing is relayed. Inside a
     * transaction or outside one: the insert runs in a savepoint ({@link RaceFreeWrites}), so a refused insert leaves
     * the caller's transaction usable (PostgreSQL aborts a transaction after a failed statement). Relayed like
     * {@link #write}: once the caller's transaction commits, at once without one.
     */
    public boolean writeOnce(Message message) {
        if (!writes.insertIfAbsent(() -> insert(message))) {
            return false;
        }
        relayWhenCommitted(message);
        return true;
    }

    /**
     * Writes work of the record {@code recordId} for the queue {@code endpoint}, in the caller's transaction, where the
     * records the transaction writes so for one queue share one message ({@link Message#gathered}, at most
     * {@value #GATHERED_CHARS} characters of record ids each): its consumer gets all of them at once, e.g. the
     * interest periods of a batch job's chunk to decide in one transaction. The message is written when the
     * transaction commits (just before) and relayed after it. Outside a transaction, or inside a consumer of this
     * node's queues (whose JMS transaction holds the sends), it is {@link #write} of the record alone. The consumer
     * of such a queue takes a message's records from its body ({@link #recordsOf}) and drops a record that is
     * missing: one of a batch line rolled back to its savepoint after it asked for its work.
     */
    public void writeGathered(String endpoint, String recordId) {
        if (TransactionSynchronizationManager.hasResource(connectionFactory)
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            write(Message.work(endpoint, recordId));
            return;
        }
        pendingRelay().gathered.computeIfAbsent(endpoint, e -> new ArrayList<>()).add(recordId);
    }

    /**
     * Splits the message of several records {@code messageId} ({@link #writeGathered}) into one message per record
     * and marks it done, in a transaction of its own: for a consumer whose work on all of them at once failed, so
     * that a record that fails on its own (a poison record) costs the others nothing more and makes its attempts
     * alone. The records' messages are relayed after the commit; a record that has a message of its own already
     * keeps it.
     */
    @Transactional
    public void split(String messageId, String endpoint, List<String> recordIds) {
        for (String recordId : recordIds) {
            writeOnce(Message.work(endpoint, recordId));
        }
        done(messageId);
    }

    /**
     * Runs {@code work} (which commits database transactions of its own, e.g. a batch job's chunks) inside a consumer
     * of this node's queues so that the messages it writes are relayed once their database transaction commits, as
     * outside a consumer, not held in the consumer's JMS transaction until the consumer's work is done: that may be
     * minutes for a large job, and the outbox's sweep would send them again meanwhile. Nothing changes for a caller
     * that is not in a consumer.
     */
    public <T> T relayingPerCommit(Supplier<T> work) {
        Object consumer = TransactionSynchronizationManager.hasResource(connectionFactory)
                ? TransactionSynchronizationManager.unbindResource(connectionFactory) : null;
        try {
            return work.get();
        } finally {
            if (consumer != null) {
                TransactionSynchronizationManager.bindResource(connectionFactory, consumer);
            }
        }
    }

    private void relayWhenCommitted(Message message) {
        if (TransactionSynchronizationManager.hasResource(connectionFactory)) {
            relay(message);
        } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pendingRelay().messages.add(message);
        } else {
            relay(message);
        }
    }

    /** The messages the current transaction has written so far, relayed once it commits. */
    private PendingRelay pendingRelay() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof PendingRelay pending && pending.outbox() == this) {
                return pending;
            }
        }
        PendingRelay pending = new PendingRelay();
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending;
    }

    /**
     * The messages of one database transaction: relayed after its commit, in one JMS transaction; the records of
     * gathered work ({@link #writeGathered}) are written as their messages just before the commit.
     */
    private final class PendingRelay implements TransactionSynchronization {
        private final List<Message> messages = new ArrayList<>();
        private final Map<String, List<String>> gathered = new LinkedHashMap<>();

        Outbox outbox() {
            return Outbox.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            gathered.forEach((endpoint, recordIds) -> {
                int from = 0;
                int chars = 0;
                for (int i = 0; i < recordIds.size(); i++) {
                    int length = recordIds.get(i).length() + 1;
                    if (i > from && chars + length > GATHERED_CHARS) {
                        write(Message.gathered(endpoint, recordIds.subList(from, i)));
                        from = i;
                        chars = 0;
                    }
                    chars += length;
                }
                write(Message.gathered(endpoint, recordIds.subList(from, recordIds.size())));
            });
            gathered.clear();
        }

        @Override
        public void afterCommit() {
            if (messages.size() == 1) {
                relay(messages.get(0));
                return;
            }
            try {
                relayTransaction.executeWithoutResult(status -> messages.forEach(Outbox.this::relay));
            } catch (RuntimeException e) {
                LOG.warn("{} messages not relayed ({}); the outbox sweep sends them", messages.size(),
                        e.getMessage());
            }
        }
    }

    private void insert(Message m) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("insert into outbox (message_id, endpoint, body, event_type, target, pinned, records, status,"
                + " attempts, queued_on, queued_at, created_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?)",
                m.id(), m.endpoint(), m.body(), m.eventType(), m.target(), m.pinned(),
                m.records().isEmpty() ? null : m.text(), localNode(), now, now, now);
    }

    /**
     * Sends the message to its queue on this node's broker. A failed send loses nothing: the row stays and the sweep
     * sends it (the caller's commit, and its 2xx, stand).
     */
    void relay(Message m) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(ID_HEADER, m.id());
        if (m.target() != null) {
            headers.put(TARGET_HEADER, m.target());
        }
        try {
            template.sendBodyAndHeaders(m.endpoint(), m.text(), headers);
        } catch (RuntimeException e) {
            LOG.warn("message {} not relayed to {} ({}); the outbox sweep sends it", m.id(), m.endpoint(),
                    e.getMessage());
        }
    }

    /** The message of an outbox row. */
    public Optional<Message> message(String id) {
        return jdbc.query("select message_id, endpoint, body, event_type, target, pinned, records from outbox"
                        + " where message_id = ?",
                Outbox::message, id).stream().findFirst();
    }

    /** True when the message's work was done or its delivery made. */
    public boolean isDone(String id) {
        Long done = jdbc.queryForObject("select count(*) from outbox where message_id = ? and status = 'DELIVERED'",
                Long.class, id);
        return done != null && done > 0;
    }

    /** True while some delivery of the event {@code key} (a decision id, say) is not made. */
    public boolean undelivered(String key) {
        Long open = jdbc.queryForObject("select count(*) from outbox where body = ? and target is not null"
                + " and status <> 'DELIVERED'", Long.class, key);
        return open != null && open > 0;
    }

    /**
     * A consumer starts an attempt of the message (route step, before its work), in its own transaction so that it
     * counts even when the work rolls back. Its commit does not wait for stable storage
     * ({@link DurableCommits#MAY_BE_LOST}): a stamp lost in a crash only counts one attempt fewer or lets the sweep
     * send the (idempotent) message again, and the work's own commit makes it durable.
     */
    @Transactional(label = DurableCommits.MAY_BE_LOST)
    public void attempt(@Header(ID_HEADER) String id) {
        if (id != null) {
            jdbc.update("update outbox set attempts = attempts + 1, updated_at = ? where message_id = ?",
                    Timestamp.from(clock.instant()), id);
        }
    }

    /** The message's work is done or its delivery made (route step, after the work). */
    @Transactional
    public void done(@Header(ID_HEADER) String id) {
        if (id != null) {
            jdbc.update("update outbox set status = 'DELIVERED', last_error = null, updated_at = ?"
                    + " where message_id = ?", Timestamp.from(clock.instant()), id);
        }
    }

    /** Deletes the rows of work (not deliveries: they are the delivery log) done before {@code before}. */
    @Transactional
    int purgeDone(Instant before) {
        return jdbc.update("delete from outbox where status = 'DELIVERED' and target is null and updated_at < ?",
                Timestamp.from(before));
    }

    /**
     * Deletes the deliveries of events of kind {@code eventType} made before {@code before} (a kind whose delivery
     * log need not be kept, e.g. KPI reports); undelivered and dead-lettered ones stay.
     */
    @Transactional
    public int purgeDelivered(String eventType, Instant before) {
        return jdbc.update("delete from outbox where status = 'DELIVERED' and event_type = ? and target is not null"
                + " and updated_at < ?", eventType, Timestamp.from(before));
    }

    /** A delivery's attempt failed with {@code reason} (the broker redelivers it). */
    @Transactional
    public void failed(String id, String reason) {
        jdbc.update("update outbox set status = 'RETRYING', last_error = ?, updated_at = ? where message_id = ?",
                reason, Timestamp.from(clock.instant()), id);
    }

    /**
     * Claims up to {@code limit} undelivered messages with fewer than {@code maxAttempts} attempts (not dead-lettered)
     * whose journal belongs to no live node (unless pinned), or that this node queued, never attempted, and that are
     * no longer in its broker's queue: written before {@code now - requeueAfter} and, when their queue still holds
     * messages, before the time its oldest message was sent minus {@code requeueAfter} ({@link QueueBacklog}: a
     * message still waiting in a long backlog is not sent again). Each is stamped with this node's journal and the
     * current time, by one conditional update, so of several nodes sweeping at once exactly one claims a row. The
     * caller relays the returned messages.
     */
    @Transactional
    public List<Message> takeOver(Duration requeueAfter, int maxAttempts, int limit) {
        Set<String> live = new LinkedHashSet<>(List.of(localNode()));
        cluster.getCluster().getMembers().stream().map(member -> member.getAttribute(BrokerJournal.ATTRIBUTE))
                .filter(Objects::nonNull).forEach(live::add);
        Instant start = clock.instant();
        Timestamp now = Timestamp.from(start);
        List<Object> args = new ArrayList<>(List.of(maxAttempts));
        args.addAll(live);
        args.add(Timestamp.from(start.minus(requeueAfter)));
        args.add(localNode());
        String stillQueued = requeueBelowBacklog(requeueAfter, start, args);
        List<Claim> candidates = jdbc.query("select message_id, endpoint, body, event_type, target, pinned, records,"
                        // every status but DELIVERED, named: a range of index outbox_sweep (V90), whose columns
                        // answer the whole condition without reading the rows that do not match
                        + " queued_on, queued_at from outbox where status in ('PENDING', 'RETRYING') and attempts < ?"
                        + " and (not pinned"
                        + " and (queued_on is null or queued_on not in ("
                        + String.join(", ", Collections.nCopies(live.size(), "?")) + "))"
                        + " or attempts = 0 and queued_at < ? and queued_on = ?" + stillQueued + ")"
                        + " order by queued_at fetch first " + limit + " rows only",
                (rs, row) -> new Claim(message(rs, row), rs.getString(8), rs.getTimestamp(9)), args.toArray());
        List<Message> claimed = new ArrayList<>();
        for (Claim c : candidates) {
            int updated = c.queuedOn() == null
                    ? jdbc.update("update outbox set queued_on = ?, queued_at = ? where message_id = ?"
                            + " and queued_on is null and queued_at = ?", localNode(), now, c.message().id(),
                            c.queuedAt())
                    : jdbc.update("update outbox set queued_on = ?, queued_at = ? where message_id = ?"
                            + " and queued_on = ? and queued_at = ?", localNode(), now, c.message().id(),
                            c.queuedOn(), c.queuedAt());
            if (updated == 1) {
                claimed.add(c.message());
            }
        }
        return claimed;
    }

    /**
     * The condition that keeps this node's messages still in a queue of its broker from being claimed: per non-empty
     * queue, written before its oldest message was sent minus {@code requeueAfter}; none of it for a queue whose
     * oldest message is not known (all paged out). Adds its arguments to {@code args}.
     */
    private String requeueBelowBacklog(Duration requeueAfter, Instant now, List<Object> args) {
        Map<String, Instant> oldest = backlog.oldestSent();
        if (oldest.isEmpty()) {
            return "";
        }
        StringBuilder condition = new StringBuilder(" and (endpoint not in (")
                .append(String.join(", ", Collections.nCopies(oldest.size(), "?"))).append(")");
        args.addAll(oldest.keySet());
        oldest.forEach((endpoint, sent) -> {
            if (!sent.equals(Instant.MIN)) {
                condition.append(" or endpoint = ? and queued_at < ?");
                args.add(endpoint);
                args.add(Timestamp.from((sent.isBefore(now) ? sent : now).minus(requeueAfter)));
            }
        });
        return condition.append(")").toString();
    }

    private static Message message(ResultSet rs, int row) throws SQLException {
        return new Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), recordsOf(rs.getString(7)));
    }

    private record Claim(Message message, String queuedOn, Timestamp queuedAt) {
    }
}
