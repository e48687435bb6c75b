package cn.smedt.hub.ledger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
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
        if (requested.signum() < 0 || cap != null && cap.signum() < 0) {
            throw new LedgerException("negative amounts: requested " + requested + ", cap " + cap);
        }
        return accounts.executeOnKey(key(kind, uscc), new GrantProcessor(uscc, kind, recordId,
                requested.setScale(2, RoundingMode.HALF_UP), cap == null ? null : cap.setScale(2, RoundingMode.HALF_UP)));
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
                entitlement.setScale(2, RoundingMode.HALF_UP), null, true));
    }

    public Optional<LedgerAccount> account(String uscc, String kind) {
        return Optional.ofNullable(accounts.get(key(kind, uscc)));
    }

    static String key(String kind, String uscc) {
        return kind + ":" + uscc;
    }
}
