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
 * @param pending     entries committed but not yet chained ({@code audit_pending}), not part of the check: the hub
 *                    chains them within {@code hub.audit.chain-interval}, and the admin API chains them before it
 *                    checks; the offline command, which writes nothing, reports those a stopped hub left behind (the
 *                    hub chains them when it starts)
 */
public record AuditReport(boolean ok, long entries, long checkpoints, long firstBadSeq, String reason, String detail,
                          long pending) {

    static AuditReport failed(long entries, long checkpoints, long seq, String reason, String detail) {
        return new AuditReport(false, entries, checkpoints, seq, reason, detail, 0);
    }
}
