package cn.smedt.hub.ledger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs on the member that owns the account: grants each of its requests in turn, min(requested, cap - granted), once
 * per record. As a top-up ({@link SubsidyLedger#topUp}) {@code requested} is the account's entitlement so far (a
 * project's cumulative subsidy over its stages) and the record is granted what is missing of it:
 * max(0, entitlement - granted), then the cap. Several requests of one account (the decisions of a batch,
 * {@link SubsidyLedger#grantAll}) are one run of the processor, one change of the account and one store.
 * <p>
 * Whether a record was granted before is read from the account's last change and else from the database (the
 * {@link LedgerAccountStore} of the owner member, by primary key: one query for the requests of a run whatever the
 * number of the account's grants). That is exact: the entry processors of one key run one at a time on its owner, and
 * the write-through store has written each change before the next runs. The backup applies the primary's result
 * rather than deciding again (the database already holds the grants then).
 */
final class GrantProcessor implements EntryProcessor<String, LedgerAccount, List<Grant>>, HazelcastInstanceAware {

    private static final long serialVersionUID = 2L;

    /**
     * One record's request to an account.
     *
     * @param recordId  the record that asks (an interest period, an acceptance): granted once
     * @param requested yuan with 2 places: the amount asked for, or for a top-up the entitlement so far
     * @param cap       yuan with 2 places, null for none (the request is granted in full and counted in the total)
     * @param topUp     true: grant what is missing of {@code requested} rather than {@code requested}
     */
    record Request(String recordId, BigDecimal requested, BigDecimal cap, boolean topUp) implements Serializable {
    }

    private final String uscc;
    private final String kind;
    private final List<Request> requests;
    /** The owner member's store (its Hazelcast user context), null outside a member (unit tests). */
    private transient LedgerAccountStore store;
    /** The account after the grants, for the backup; null when nothing changed. */
    private transient LedgerAccount changed;

    GrantProcessor(String uscc, String kind, String recordId, BigDecimal requested, BigDecimal cap) {
        this(uscc, kind, recordId, requested, cap, false);
    }

    GrantProcessor(String uscc, String kind, String recordId, BigDecimal requested, BigDecimal cap, boolean topUp) {
        this(uscc, kind, List.of(new Request(recordId, requested, cap, topUp)));
    }

    /** The requests of one account ({@code kind}:{@code uscc}), granted in this order. */
    GrantProcessor(String uscc, String kind, List<Request> requests) {
        this.uscc = uscc;
        this.kind = kind;
        this.requests = List.copyOf(requests);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.store = (LedgerAccountStore) hazelcast.getUserContext().get(LedgerAccountStore.USER_CONTEXT_KEY);
    }

    /** The grants, one per request in their order. */
    @Override
    public List<Grant> process(Map.Entry<String, LedgerAccount> entry) {
        LedgerAccount account = entry.getValue() == null ? LedgerAccount.empty(uscc, kind) : entry.getValue();
        Map<String, BigDecimal> earlier = earlierGrants(entry.getKey(), account);
        LinkedHashMap<String, BigDecimal> granting = new LinkedHashMap<>();
        BigDecimal total = account.granted();
        List<Grant> grants = new ArrayList<>(requests.size());
        for (Request request : requests) {
            BigDecimal previous = granting.containsKey(request.recordId()) ? granting.get(request.recordId())
                    : earlier.get(request.recordId());
            if (previous != null) {
                BigDecimal asked = request.topUp() ? previous : request.requested();
                grants.add(new Grant(asked, previous, total, remaining(request.cap(), total),
                        previous.compareTo(asked) < 0, true));
                continue;
            }
            BigDecimal asking = request.topUp()
                    ? request.requested().subtract(total).max(BigDecimal.ZERO.setScale(2)) : request.requested();
            BigDecimal granted = request.cap() == null ? asking
                    : asking.min(remaining(request.cap(), total).max(BigDecimal.ZERO));
            granting.put(request.recordId(), granted);
            total = total.add(granted);
            grants.add(new Grant(asking, granted, total, remaining(request.cap(), total),
                    granted.compareTo(asking) < 0, false));
        }
        if (!granting.isEmpty()) {
            changed = new LedgerAccount(account.uscc(), account.kind(), total, granting);
            entry.setValue(changed);
        }
        return grants;
    }

    /** What the requests' records were granted before: by the account's last change, else by the store. */
    private Map<String, BigDecimal> earlierGrants(String key, LedgerAccount account) {
        Map<String, BigDecimal> earlier = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (Request request : requests) {
            BigDecimal last = account.grants().get(request.recordId());
            if (last != null) {
                earlier.put(request.recordId(), last);
            } else {
                unknown.add(request.recordId());
            }
        }
        if (!unknown.isEmpty() && store != null) {
            earlier.putAll(store.grantsOf(key, unknown));
        }
        return earlier;
    }

    @Override
    public EntryProcessor<String, LedgerAccount, List<Grant>> getBackupProcessor() {
        return changed == null ? null : new Backup(changed);
    }

    /** What is left of the cap with {@code total} granted (null when uncapped). */
    private static BigDecimal remaining(BigDecimal cap, BigDecimal total) {
        return cap == null ? null : cap.subtract(total);
    }

    /** Sets the backup's account to what the owner's grants made of it. */
    private record Backup(LedgerAccount account) implements EntryProcessor<String, LedgerAccount, List<Grant>> {

        @Override
        public List<Grant> process(Map.Entry<String, LedgerAccount> entry) {
            entry.setValue(account);
            return null;
        }
    }
}
