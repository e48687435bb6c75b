package cn.smedt.hub.audit;

import cn.smedt.hub.kernel.HubIdentity;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
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
 * hub key. Appends lock the single {@code audit_head} row ({@code select ... for update}, on H2 and PostgreSQL alike),
 * so the chain stays linear across nodes sharing the database. An append runs in the transaction of the write it
 * records and commits or rolls back with it; since the head lock serialises every write of the hub, it is taken as
 * the write's last statement, just before the commit, and held only for that.
 */
@Component
public class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_DETAIL = 2000;

    private final JdbcTemplate jdbc;
    private final HubIdentity hub;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, HubIdentity hub, Clock clock) {
        this.jdbc = jdbc;
        this.hub = hub;
        this.clock = clock;
    }

    /** Appends one entry in the caller's transaction (there must be one); returns its sequence number. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long append(String actor, String action, String subject, String detail) {
        Map<String, Object> head = jdbc.queryForMap("select seq, hash from audit_head where id = 1 for update");
        long seq = ((Number) head.get("seq")).longValue() + 1;
        String previous = ((String) head.get("hash")).trim();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String text = detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
        String hash = AuditChain.hash(seq, at, actor, action, subject, text, previous);
        jdbc.update("insert into audit_entry (seq, at, actor, action, subject, detail, prev_hash, hash)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)", seq, Timestamp.from(at), actor, action, subject, text, previous, hash);
        jdbc.update("update audit_head set seq = ?, hash = ? where id = 1", seq, hash);
        return seq;
    }

    /**
     * Signs the current head, unless it is already checkpointed; returns the checkpointed sequence number. Asked for
     * by an operator (checkpointAuditLog), it joins that write's transaction, whose own audit entry follows it.
     */
    @Scheduled(fixedDelayString = "${hub.audit.checkpoint-interval:PT5M}", initialDelayString = "PT1M")
    @Transactional
    public long checkpoint() {
        Map<String, Object> head = jdbc.queryForMap("select seq, hash from audit_head where id = 1 for update");
        long seq = ((Number) head.get("seq")).longValue();
        Long last = jdbc.queryForObject("select max(up_to_seq) from audit_checkpoint", Long.class);
        if (seq == 0 || last != null && last == seq) {
            return seq;
        }
        String hash = ((String) head.get("hash")).trim();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] signature = hub.signer().sign(AuditChain.checkpointText(seq, hash, at));
        jdbc.update("insert into audit_checkpoint (up_to_seq, head_hash, at, key_id, algorithm, signature)"
                        + " values (?, ?, ?, ?, ?, ?)", seq, hash, Timestamp.from(at), hub.keyId(),
                hub.algorithm().token(), Base64.getEncoder().encodeToString(signature));
        LOG.info("audit checkpoint at entry {} signed by {}", seq, hub.keyId());
        return seq;
    }
}
