package cn.smedt.hub.ledger;

import cn.smedt.hub.storage.RaceFreeWrites;
import com.hazelcast.map.MapStore;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Write-through store of ledger accounts (tables {@code ledger_account}, {@code ledger_grant}): a grant is in the
 * database before {@link SubsidyLedger#grant} returns, and accounts are loaded back on first use after a restart.
 */
@Component
class LedgerAccountStore implements MapStore<String, LedgerAccount> {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RaceFreeWrites writes;
    private final Clock clock;

    LedgerAccountStore(JdbcTemplate jdbc, TransactionTemplate tx, RaceFreeWrites writes, Clock clock) {
        this.jdbc = jdbc;
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
            Set<String> known = new HashSet<>(jdbc.queryForList(
                    "select record_id from ledger_grant where ledger_key = ?", String.class, key));
            account.grants().entrySet().stream()
                    .filter(grant -> !known.contains(grant.getKey()))
                    .forEach(grant -> writes.insertIfAbsent(() -> jdbc.update("insert into ledger_grant (ledger_key,"
                            + " record_id, amount, granted_at) values (?, ?, ?, ?)", key, grant.getKey(),
                            grant.getValue(), now)));
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

    @Override
    public LedgerAccount load(String key) {
        LinkedHashMap<String, BigDecimal> grants = new LinkedHashMap<>();
        jdbc.query("select record_id, amount from ledger_grant where ledger_key = ? order by granted_at, record_id",
                rs -> {
                    grants.put(rs.getString("record_id"), rs.getBigDecimal("amount").setScale(2));
                }, key);
        return jdbc.query("select uscc, kind, granted from ledger_account where ledger_key = ?",
                (rs, row) -> new LedgerAccount(rs.getString("uscc"), rs.getString("kind"),
                        rs.getBigDecimal("granted").setScale(2), grants), key)
                .stream().findFirst().orElse(null);
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
