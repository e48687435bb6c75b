package cn.smedt.hub.policy;

import java.time.LocalDate;
import java.util.Objects;

/**
 * An enterprise's chain-transformation (链式转型) case, for CHAIN_CASE rules.
 *
 * @param uscc         the enterprise leading the case
 * @param regionCode   its region
 * @param recognised   recognised by MIIT as a typical chain digital-transformation case (获评工信部"链式"数字化典型案例)
 * @param recognisedOn date of recognition, if any (recorded only)
 */
public record ChainCaseFacts(String uscc, String regionCode, boolean recognised, LocalDate recognisedOn) {

    public ChainCaseFacts {
        Objects.requireNonNull(uscc, "uscc");
    }
}
