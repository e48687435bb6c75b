package cn.smedt.hub.audit;

/**
 * The outcome of walking the audit log.
 *
 * @param ok          true when every entry and checkpoint holds
 * @param entries     entries read
 * @param checkpoints checkpoints checked
 * @param firstBadSeq sequence number where the first problem was found (0 when ok)
 * @param reason      null when ok, else one of: hash-mismatch (an entry was changed), chain-broken (an entry was
 *                    replaced or reordered), sequence-gap (an entry was removed), checkpoint-signature-invalid (a
 *                    checkpoint was forged or altered), checkpoint-mismatch (the entry a checkpoint signed was
 *                    changed), truncated-after-checkpoint (entries a checkpoint covers were removed)
 * @param detail      a sentence for the operator
 */
public record AuditReport(boolean ok, long entries, long checkpoints, long firstBadSeq, String reason, String detail) {

    static AuditReport failed(long entries, long checkpoints, long seq, String reason, String detail) {
        return new AuditReport(false, entries, checkpoints, seq, reason, detail);
    }
}
