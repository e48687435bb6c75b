package cn.smedt.hub.ledger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Runs on the member that owns the account: grant min(requested, cap - granted), once per record. As a top-up
 * ({@link #topUp}) {@code requested} is the account's entitlement so far (a project's cumulative subsidy over its
 * stages) and the record is granted what is missing of it: max(0, entitlement - granted), then the cap.
 * <p>
 * Whether the record was granted before is read from the account's last change and else from the database (the
 * {@link LedgerAccountStore} of the owner member, by primary key: one lookup whatever the number of the account's
 * grants). That is exact: the entry processors of one key run one at a time on its owner, and the write-through store
 * has written each grant before the next runs. The backup applies the primary's result rather than deciding again
 * (the database already holds the grant then).
 */
final class GrantProcessor implements EntryProcessor<String, LedgerAccount, Grant>, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private final String uscc;
    private final String kind;
    private final String recordId;
    private final BigDecimal requested;
    private final BigDecimal cap;
    private final boolean topUp;
    /** The owner member's store (its Hazelcast user context), null outside a member (unit tests). */
    private transient LedgerAccountStore store;
    /** The account after the grant, for the backup; null when nothing changed. */
    private transient LedgerAccount changed;

    GrantProcessor(String uscc, String kind, String recordId, BigDecimal requested, BigDecimal cap) {
        this(uscc, kind, recordId, requested, cap, false);
    }

    GrantProcessor(String uscc, String kind, String recordId, BigDecimal requested, BigDecimal cap, boolean topUp) {
        this.uscc = uscc;
        this.kind = kind;
        this.recordId = recordId;
        this.requested = requested;
        this.cap = cap;
        this.topUp = topUp;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.store = (LedgerAccountStore) hazelcast.getUserContext().get(LedgerAccountStore.USER_CONTEXT_KEY);
    }

    @Override
    public Grant process(Map.Entry<String, LedgerAccount> entry) {
        LedgerAccount account = entry.getValue() == null ? LedgerAccount.empty(uscc, kind) : entry.getValue();
        BigDecimal previous = account.grants().get(recordId);
        if (previous == null && store != null) {
            previous = store.grantOf(entry.getKey(), recordId);
        }
        if (previous != null) {
            BigDecimal asked = topUp ? previous : requested;
            return new Grant(asked, previous, account.granted(), remainingOf(account),
                    previous.compareTo(asked) < 0, true);
        }
        BigDecimal asking = topUp ? this.requested.subtract(account.granted()).max(BigDecimal.ZERO.setScale(2))
                : this.requested;
        BigDecimal granted = cap == null ? asking : asking.min(remainingOf(account).max(BigDecimal.ZERO));
        LedgerAccount next = account.with(recordId, granted);
        entry.setValue(next);
        changed = next;
        return new Grant(asking, granted, next.granted(), remainingOf(next), granted.compareTo(asking) < 0,
                false);
    }

    @Override
    public EntryProcessor<String, LedgerAccount, Grant> getBackupProcessor() {
        return changed == null ? null : new Backup(changed);
    }

    /** What is left of the cap (null when uncapped). */
    private BigDecimal remainingOf(LedgerAccount account) {
        return cap == null ? null : cap.subtract(account.granted());
    }

    /** Sets the backup's account to what the owner's grant made of it. */
    private record Backup(LedgerAccount account) implements EntryProcessor<String, LedgerAccount, Grant> {

        @Override
        public Grant process(Map.Entry<String, LedgerAccount> entry) {
            entry.setValue(account);
            return null;
        }
    }
}
