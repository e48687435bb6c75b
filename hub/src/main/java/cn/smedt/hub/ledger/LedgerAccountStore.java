package cn.smedt.hub.ledger;

import cn.smedt.hub.storage.RaceFreeWrites;
import com.hazelcast.map.MapStore;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Write-through store of ledger accounts (tables {@code ledger_account}, {@code ledger_grant}): a grant is in the
 * database before {@link SubsidyLedger#grant} returns, and accounts (their totals) are loaded back on first use after a
 * restart. A store upserts the account's total and inserts the grants of its last change; the grants are read back by
 * the records asking again ({@link #grantsOf}), never all of an account.
 */
@Component
class LedgerAccountStore implements MapStore<String, LedgerAccount> {

    /** Where the {@link GrantProcessor} finds this store on the member that runs it (Hazelcast user context). */
    static final String USER_CONTEXT_KEY = "ledger.account-store";

    private final JdbcTemplate jdbc;
    /** For the lookups of many grants by their records ({@code in (:ids)}, the list expanded by Spring). */
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final RaceFreeWrites writes;
    private final Clock clock;

    LedgerAccountStore(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, TransactionTemplate tx,
                       RaceFreeWrites writes, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
        this.tx = tx;
        this.writes = writes;
        this.clock = clock;
    }

    @Override
    public void store(String key, LedgerAccount account) {
        tx.executeWithoutResult(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            // one owner member stores a key at a time; still race-free when two stores of a key meet (a partition
            // migrating, two clusters on one database): the account row is upserted, each grant row inserted once
            writes.upsert(() -> jdbc.update("update ledger_account set granted = ?, updated_at = ? where ledger_key = ?",
                            account.granted(), now, key),
                    () -> jdbc.update("insert into ledger_account (ledger_key, uscc, kind, granted, updated_at)"
                            + " values (?, ?, ?, ?, ?)", key, account.uscc(), account.kind(), account.granted(), now));
            // only the grants of the account's last change (one, or a batch's): the cost of a grant does not grow
            // with the account's earlier grants
            account.grants().forEach((recordId, amount) -> writes.insertIfAbsent(() -> jdbc.update("insert into"
                    + " ledger_grant (ledger_key, record_id, amount, granted_at) values (?, ?, ?, ?)", key, recordId,
                    amount, now)));
        });
    }

    @Override
    public void storeAll(Map<String, LedgerAccount> accounts) {
        accounts.forEach(this::store);
    }

    @Override
    public void delete(String key) {
        throw new LedgerException("ledger accounts are never deleted (" + key + ")");
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        throw new LedgerException("ledger accounts are never deleted");
    }

    /** The account's total; its grants stay in the database ({@link #grantsOf}). */
    @Override
    public LedgerAccount load(String key) {
        return jdbc.query("select uscc, kind, granted from ledger_account where ledger_key = ?",
                (rs, row) -> new LedgerAccount(rs.getString("uscc"), rs.getString("kind"),
                        rs.getBigDecimal("granted").setScale(2), new LinkedHashMap<>()), key)
                .stream().findFirst().orElse(null);
    }

    /**
     * What the account {@code key} was granted for those of {@code recordIds} it granted: one lookup of the primary key
     * per record (pairs {@code (ledger_key, record_id) in (...)}; with {@code ledger_key = ? and record_id in (...)}
     * H2 read every grant of the account to find them, docs/benchmarks.md 2026-12-02).
     */
    Map<String, BigDecimal> grantsOf(String key, Collection<String> recordIds) {
        Map<String, BigDecimal> grants = new LinkedHashMap<>();
        named.query("select record_id, amount from ledger_grant where (ledger_key, record_id) in (:pairs)",
                Map.of("pairs", recordIds.stream().map(id -> new Object[] {key, id}).toList()), rs -> {
                    grants.put(rs.getString(1), rs.getBigDecimal(2).setScale(2));
                });
        return grants;
    }

    @Override
    public Map<String, LedgerAccount> loadAll(Collection<String> keys) {
        Map<String, LedgerAccount> result = new LinkedHashMap<>();
        for (String key : keys) {
            LedgerAccount account = load(key);
            if (account != null) {
                result.put(key, account);
            }
        }
        return result;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        return null; // lazy: accounts load on first use
    }
}
