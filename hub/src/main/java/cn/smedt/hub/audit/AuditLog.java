package cn.smedt.hub.audit;

import cn.smedt.hub.kernel.HubIdentity;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends to the tamper-evident audit log (see {@link AuditChain} for the hash) and writes checkpoints signed by the
 * hub key.
 *
 * <p>An append ({@link #append}) runs in the transaction of the write it records, so it commits or rolls back with
 * it, but it only inserts the entry, unchained, into {@code audit_pending}: it takes no lock, so concurrent writes
 * commit concurrently (and the database can serve several commits with one log flush). The chainer
 * ({@link #chainPending}, every {@code hub.audit.chain-interval}, default PT0.15S, from the start, on every node)
 * moves the
 * committed pending entries into {@code audit_entry} in id order, assigning sequence number, previous hash and hash,
 * under the single {@code audit_head} row lock ({@code select ... for update}, on H2 and PostgreSQL alike, so the chain
 * stays linear across nodes sharing the database), many entries per short transaction, deleting them from
 * {@code audit_pending} in the same transaction, so each entry is chained exactly once. The chain order is the
 * chaining order; an entry's {@code at} is the time of its write. Whatever reads the chain (verification,
 * checkpoint) chains what is pending first, so it sees every committed write.
 */
@Component
public class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_DETAIL = 2000;
    /** Pending entries moved per statement batch. */
    private static final int CHAIN_BATCH = 500;
    /** Batches per chaining transaction at most (a backlog larger than that is chained by the next rounds). */
    private static final int CHAIN_BATCHES = 20;

    private final JdbcTemplate jdbc;
    private final HubIdentity hub;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, HubIdentity hub, Clock clock) {
        this.jdbc = jdbc;
        this.hub = hub;
        this.clock = clock;
    }

    /** Records one entry in the caller's transaction (there must be one), to be chained after its commit. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String actor, String action, String subject, String detail) {
        jdbc.update("insert into audit_pending (at, actor, action, subject, detail) values (?, ?, ?, ?, ?)",
                Timestamp.from(now()), actor, action, subject, truncated(detail));
    }

    /**
     * Appends one entry to the chain itself, in the caller's transaction (there must be one), and returns its sequence
     * number: for the rare caller that must store the number with its write (a consent access). It takes the
     * {@code audit_head} lock and holds it to the caller's commit, so it serialises with every other chaining: call it
     * as the transaction's last statements. What is pending is chained first.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long appendChained(String actor, String action, String subject, String detail) {
        Head head = chainLocked(lockHead());
        long seq = head.seq() + 1;
        Instant at = now();
        String text = truncated(detail);
        String hash = AuditChain.hash(seq, at, actor, action, subject, text, head.hash());
        jdbc.update("insert into audit_entry (seq, at, actor, action, subject, detail, prev_hash, hash)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)", seq, Timestamp.from(at), actor, action, subject, text,
                head.hash(), hash);
        jdbc.update("update audit_head set seq = ?, hash = ? where id = 1", seq, hash);
        return seq;
    }

    /**
     * Chains every committed pending entry, in its own transaction (or the caller's); returns how many. Without
     * pending entries it takes no lock and writes nothing. Run every {@code hub.audit.chain-interval}; a round that
     * finds the database unavailable is skipped (node.SchedulingConfiguration) and the entries wait, committed, for
     * the next; entries a crash left pending are chained by the first round after the restart.
     */
    @Scheduled(fixedDelayString = "${hub.audit.chain-interval:PT0.15S}", initialDelayString = "PT0S")
    @Transactional
    public long chainPending() {
        List<Long> any = jdbc.queryForList("select id from audit_pending order by id fetch first 1 rows only",
                Long.class);
        if (any.isEmpty()) {
            return 0;
        }
        Head before = lockHead();
        return chainLocked(before).seq() - before.seq();
    }

    /**
     * Signs the current head (after chaining what is pending), unless it is already checkpointed; returns the
     * checkpointed sequence number. Asked for by an operator (checkpointAuditLog), it joins that write's transaction,
     * whose own audit entry is chained after it.
     */
    @Scheduled(fixedDelayString = "${hub.audit.checkpoint-interval:PT5M}", initialDelayString = "PT1M")
    @Transactional
    public long checkpoint() {
        Head head = chainLocked(lockHead());
        long seq = head.seq();
        Long last = jdbc.queryForObject("select max(up_to_seq) from audit_checkpoint", Long.class);
        if (seq == 0 || last != null && last == seq) {
            return seq;
        }
        Instant at = now();
        byte[] signature = hub.signer().sign(AuditChain.checkpointText(seq, head.hash(), at));
        jdbc.update("insert into audit_checkpoint (up_to_seq, head_hash, at, key_id, algorithm, signature)"
                        + " values (?, ?, ?, ?, ?, ?)", seq, head.hash(), Timestamp.from(at), hub.keyId(),
                hub.algorithm().token(), Base64.getEncoder().encodeToString(signature));
        LOG.info("audit checkpoint at entry {} signed by {}", seq, hub.keyId());
        return seq;
    }

    /** The chain's head: its last sequence number and hash. */
    private record Head(long seq, String hash) {
    }

    /** A pending entry, read back to be chained. */
    private record Pending(long id, Instant at, String actor, String action, String subject, String detail) {
    }

    private Head lockHead() {
        Map<String, Object> head = jdbc.queryForMap("select seq, hash from audit_head where id = 1 for update");
        return new Head(((Number) head.get("seq")).longValue(), ((String) head.get("hash")).trim());
    }

    /** Moves the committed pending entries into the chain after {@code head} (whose lock is held); the new head. */
    private Head chainLocked(Head head) {
        Head last = head;
        List<Pending> batch;
        int batches = 0;
        do {
            batch = jdbc.query("select id, at, actor, action, subject, detail from audit_pending order by id"
                    + " fetch first " + CHAIN_BATCH + " rows only", (rs, row) -> new Pending(rs.getLong("id"),
                    rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
                    rs.getString("action"), rs.getString("subject"), rs.getString("detail")));
            List<Object[]> entries = new ArrayList<>(batch.size());
            List<Object[]> chained = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                long seq = last.seq() + 1;
                String hash = AuditChain.hash(seq, pending.at(), pending.actor(), pending.action(), pending.subject(),
                        pending.detail(), last.hash());
                entries.add(new Object[] {seq, Timestamp.from(pending.at()), pending.actor(), pending.action(),
                    pending.subject(), pending.detail(), last.hash(), hash});
                chained.add(new Object[] {pending.id()});
                last = new Head(seq, hash);
            }
            if (!batch.isEmpty()) {
                jdbc.batchUpdate("insert into audit_entry (seq, at, actor, action, subject, detail, prev_hash, hash)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)", entries);
                // exactly the ids read: a row committed since then is left for the next round, never lost
                jdbc.batchUpdate("delete from audit_pending where id = ?", chained);
            }
        } while (batch.size() == CHAIN_BATCH && ++batches < CHAIN_BATCHES);
        if (last != head) {
            jdbc.update("update audit_head set seq = ?, hash = ? where id = 1", last.seq(), last.hash());
        }
        return last;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String truncated(String detail) {
        return detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    }
}
