package cn.smedt.hub.ledger;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one enterprise has been granted under one cap (e.g. 数字贷 interest subsidies under Zhengzhou's 500,000 yuan
 * per enterprise). The value kept in Hazelcast stays small whatever the number of grants: the account's total and
 * the grants of its last change, which the write-through store writes; every grant is a row of {@code ledger_grant}
 * (by the record that caused it), where the {@link GrantProcessor} looks a record up, so a redelivered record never
 * counts twice.
 *
 * @param uscc    the account's owner: the enterprise, a provider (PROVIDER-<year>) or a project id (PROJECT-<kind>)
 * @param kind    the cap's ledger kind, e.g. {@code INTEREST}, {@code TRANSFORMATION}
 * @param granted sum of all grants, yuan with 2 places
 * @param grants  the grants of the account's last change, one or a batch's (record id, e.g. interest period id, to the
 *                amount granted for it), not yet known to be stored: the store inserts each once; empty for an
 *                account loaded from the database
 */
public record LedgerAccount(String uscc, String kind, BigDecimal granted, LinkedHashMap<String, BigDecimal> grants)
        implements Serializable {

    static LedgerAccount empty(String uscc, String kind) {
        return new LedgerAccount(uscc, kind, BigDecimal.ZERO.setScale(2), new LinkedHashMap<>());
    }

    /** The grants of the last change as an unmodifiable view. */
    public Map<String, BigDecimal> grantsView() {
        return java.util.Collections.unmodifiableMap(grants);
    }
}
