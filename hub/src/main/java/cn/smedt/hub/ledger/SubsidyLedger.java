package cn.smedt.hub.ledger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Component;

/**
 * Per-enterprise subsidy caps that hold across nodes and restarts: accounts live in a Hazelcast map (one owner
 * member per enterprise, so grants for one enterprise are serialised cluster-wide) written through to the
 * database ({@link LedgerAccountStore}) before the grant returns.
 */
@Component
public class SubsidyLedger {

    static final String MAP = "ledger.accounts";

    private final IMap<String, LedgerAccount> accounts;

    SubsidyLedger(HazelcastInstance hazelcast) {
        this.accounts = hazelcast.getMap(MAP);
    }

    /**
     * Grants up to {@code requested} for {@code recordId} under {@code cap}; asking again for the same record
     * returns the first answer. A null {@code cap} means the policy sets none: the request is granted in full and
     * still counted in the enterprise's total.
     */
    public Grant grant(String uscc, String kind, String recordId, BigDecimal requested, BigDecimal cap) {
        return grantAll(kind, List.of(new Request(uscc, recordId, requested, cap))).get(0);
    }

    /**
     * A request of {@link #grantAll}: {@code requested} for {@code recordId} of the enterprise {@code uscc}, under
     * {@code cap} (null: none), as in {@link #grant}.
     */
    public record Request(String uscc, String recordId, BigDecimal requested, BigDecimal cap) {
    }

    /**
     * {@link #grant} for many records of one ledger {@code kind} (a batch of decisions), in one run of the grant per
     * account, the accounts at once: each account's requests in their order, one change and one store per account.
     * The grants answer the requests in their order.
     */
    public List<Grant> grantAll(String kind, List<Request> requests) {
        Map<String, List<Integer>> byAccount = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            if (r.requested().signum() < 0 || r.cap() != null && r.cap().signum() < 0) {
                throw new LedgerException("negative amounts: requested " + r.requested() + ", cap " + r.cap());
            }
            byAccount.computeIfAbsent(r.uscc(), uscc -> new ArrayList<>()).add(i);
        }
        Map<String, CompletableFuture<List<Grant>>> runs = new LinkedHashMap<>();
        byAccount.forEach((uscc, indexes) -> runs.put(uscc, accounts.submitToKey(key(kind, uscc),
                new GrantProcessor(uscc, kind, indexes.stream().map(i -> processorRequest(requests.get(i)))
                        .toList())).toCompletableFuture()));
        Grant[] grants = new Grant[requests.size()];
        byAccount.forEach((uscc, indexes) -> {
            List<Grant> granted = joined(runs.get(uscc));
            for (int i = 0; i < indexes.size(); i++) {
                grants[indexes.get(i)] = granted.get(i);
            }
        });
        return List.of(grants);
    }

    private static GrantProcessor.Request processorRequest(Request r) {
        return new GrantProcessor.Request(r.recordId(), r.requested().setScale(2, RoundingMode.HALF_UP),
                r.cap() == null ? null : r.cap().setScale(2, RoundingMode.HALF_UP), false);
    }

    /** The run's grants; its failure (the store's, say) as thrown by a call that waits for it. */
    private static List<Grant> joined(CompletableFuture<List<Grant>> run) {
        try {
            return run.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Tops the account up to {@code entitlement} for {@code recordId}: grants max(0, entitlement - what the account
     * holds), once per record (asking again returns the first answer). For a project's stages: {@code owner} is the
     * project id, {@code entitlement} the policy's answer on the project's cumulative spend, so the stages together
     * get exactly the entitlement of the last one decided, however the project was split; two stages decided at once
     * are serialised on the account's owner member. No cap: the entitlement is already capped by the policy.
     */
    public Grant topUp(String owner, String kind, String recordId, BigDecimal entitlement) {
        if (entitlement.signum() < 0) {
            throw new LedgerException("negative entitlement " + entitlement);
        }
        return accounts.executeOnKey(key(kind, owner), new GrantProcessor(owner, kind, recordId,
                entitlement.setScale(2, RoundingMode.HALF_UP), null, true)).get(0);
    }

    public Optional<LedgerAccount> account(String uscc, String kind) {
        return Optional.ofNullable(accounts.get(key(kind, uscc)));
    }

    static String key(String kind, String uscc) {
        return kind + ":" + uscc;
    }
}
