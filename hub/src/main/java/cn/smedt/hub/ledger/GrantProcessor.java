package cn.smedt.hub.ledger;

import com.hazelcast.map.EntryProcessor;
import java.math.BigDecimal;
import java.util.Map;

/** Runs on the member that owns the enterprise's account: grant min(requested, cap - granted), once per record. */
final class GrantProcessor implements EntryProcessor<String, LedgerAccount, Grant> {

    private static final long serialVersionUID = 1L;

    private final String uscc;
    private final String kind;
    private final String recordId;
    private final BigDecimal requested;
    private final BigDecimal cap;

    GrantProcessor(String uscc, String kind, String recordId, BigDecimal requested, BigDecimal cap) {
        this.uscc = uscc;
        this.kind = kind;
        this.recordId = recordId;
        this.requested = requested;
        this.cap = cap;
    }

    @Override
    public Grant process(Map.Entry<String, LedgerAccount> entry) {
        LedgerAccount account = entry.getValue() == null ? LedgerAccount.empty(uscc, kind) : entry.getValue();
        BigDecimal previous = account.grants().get(recordId);
        if (previous != null) {
            return new Grant(requested, previous, account.granted(), remainingOf(account),
                    previous.compareTo(requested) < 0, true);
        }
        BigDecimal granted = cap == null ? requested : requested.min(remainingOf(account).max(BigDecimal.ZERO));
        LedgerAccount next = account.with(recordId, granted);
        entry.setValue(next);
        return new Grant(requested, granted, next.granted(), remainingOf(next), granted.compareTo(requested) < 0,
                false);
    }

    /** What is left of the cap (null when uncapped). */
    private BigDecimal remainingOf(LedgerAccount account) {
        return cap == null ? null : cap.subtract(account.granted());
    }
}
