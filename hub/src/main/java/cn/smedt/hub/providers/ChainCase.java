package cn.smedt.hub.providers;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An enterprise's chain-transformation case recognised by MIIT (table {@code chain_case}).
 *
 * @param recordId     hub id ({@code CC} + 24 hex), the decided record
 * @param caseId       MIIT's id of the case, unique
 * @param uscc         the enterprise
 * @param regionCode   its county
 * @param recognisedOn the date MIIT recognised it
 * @param reportedBy   the government partner
 * @param receivedAt   when
 */
record ChainCase(String recordId, String caseId, String uscc, String regionCode, LocalDate recognisedOn,
                 String reportedBy, Instant receivedAt) {

    boolean sameDataAs(ChainCase other) {
        return uscc.equals(other.uscc) && recognisedOn.equals(other.recognisedOn);
    }
}
