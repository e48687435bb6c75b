package cn.smedt.hub.audit;

import cn.smedt.security.signature.MessageVerifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Walks the audit log in sequence order, recomputing every hash and link, then checks every checkpoint's signature
 * with the hub's public key and that the entry it signed is still there, unchanged. Plain JDBC so the offline command
 * ({@link AuditVerifyCommand}) and the admin API run the same code. Entries after the last checkpoint can be cut
 * off without trace by someone with write access to the database: checkpoint often (hub.audit.checkpoint-interval).
 * It only reads: entries committed but not yet chained ({@code audit_pending}) are counted in the report, not checked
 * (they carry no hash yet); the admin API chains them before it checks ({@link AuditApi}).
 */
public final class AuditVerifier {

    private final MessageVerifier hubKey;

    public AuditVerifier(MessageVerifier hubKey) {
        this.hubKey = hubKey;
    }

    public AuditReport verify(Connection connection) throws SQLException {
        Map<Long, String> hashes = new HashMap<>();
        long entries = 0;
        long expected = 1;
        String previous = AuditChain.GENESIS;
        try (PreparedStatement select = connection.prepareStatement("select seq, at, actor, action, subject, detail,"
                + " prev_hash, hash from audit_entry order by seq"); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                entries++;
                long seq = rs.getLong("seq");
                if (seq != expected) {
                    return AuditReport.failed(entries, 0, expected, "sequence-gap", "entry " + expected
                            + " is missing (next present is " + seq + ")");
                }
                String prevHash = rs.getString("prev_hash").trim();
                if (!prevHash.equals(previous)) {
                    return AuditReport.failed(entries, 0, seq, "chain-broken", "entry " + seq
                            + " does not link to the hash of entry " + (seq - 1));
                }
                Instant at = rs.getObject("at", OffsetDateTime.class).toInstant();
                String hash = rs.getString("hash").trim();
                String recomputed = AuditChain.hash(seq, at, rs.getString("actor"), rs.getString("action"),
                        rs.getString("subject"), rs.getString("detail"), prevHash);
                if (!recomputed.equals(hash)) {
                    return AuditReport.failed(entries, 0, seq, "hash-mismatch", "entry " + seq
                            + " was changed after it was written");
                }
                hashes.put(seq, hash);
                previous = hash;
                expected = seq + 1;
            }
        }
        long checkpoints = 0;
        try (PreparedStatement select = connection.prepareStatement("select up_to_seq, head_hash, at, signature"
                + " from audit_checkpoint order by up_to_seq"); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                checkpoints++;
                long seq = rs.getLong("up_to_seq");
                String head = rs.getString("head_hash").trim();
                Instant at = rs.getObject("at", OffsetDateTime.class).toInstant();
                byte[] signature = Base64.getDecoder().decode(rs.getString("signature").trim());
                if (!hubKey.verify(AuditChain.checkpointText(seq, head, at), signature)) {
                    return AuditReport.failed(entries, checkpoints, seq, "checkpoint-signature-invalid",
                            "the checkpoint at entry " + seq + " is not signed by the hub key");
                }
                String entryHash = hashes.get(seq);
                if (entryHash == null) {
                    return AuditReport.failed(entries, checkpoints, seq, "truncated-after-checkpoint", "entry " + seq
                            + ", signed by a checkpoint, is gone: the log was cut after entry " + (expected - 1));
                }
                if (!entryHash.equals(head)) {
                    return AuditReport.failed(entries, checkpoints, seq, "checkpoint-mismatch", "entry " + seq
                            + " differs from what its checkpoint signed");
                }
            }
        }
        long pending;
        try (PreparedStatement select = connection.prepareStatement("select count(*) from audit_pending");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            pending = rs.getLong(1);
        }
        return new AuditReport(true, entries, checkpoints, 0, null, entries + " entries and " + checkpoints
                + " checkpoints verify" + (pending == 0 ? "" : "; " + pending + " committed entries are not chained"
                + " yet (the hub chains them, at the latest when it starts)"), pending);
    }
}
