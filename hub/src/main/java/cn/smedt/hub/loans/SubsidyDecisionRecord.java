package cn.smedt.hub.loans;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A decided subsidy, as stored and delivered.
 *
 * @param decisionId    hub id of the decision
 * @param recordId      the record decided (interest period id)
 * @param kind          INTEREST
 * @param uscc          the enterprise
 * @param regionCode    its county
 * @param loanId        the loan
 * @param partnerId     the bank
 * @param policyId      policy used
 * @param policyVersion its version
 * @param ruleId        rule of the policy
 * @param eligible      amount the policy allows for this record before the per-enterprise cap
 * @param granted       amount granted after the cap ledger
 * @param capRemaining  what remains of the enterprise's cap after this decision
 * @param reasonCode    why granted is what it is: granted, cap-remainder-granted, cap-exhausted, or the policy's
 *                      reason for 0 (e.g. period-outside-subsidy-window)
 * @param detail        JSON (contract schema DecisionDetail): the arithmetic (LPR used, days, theoretical interest)
 *                      for auditors; shown as that object, not as a string
 * @param decidedAt     when
 */
public record SubsidyDecisionRecord(String decisionId, String recordId, String kind, String uscc, String regionCode,
                                    String loanId, String partnerId, String policyId, String policyVersion,
                                    String ruleId, BigDecimal eligible, BigDecimal granted, BigDecimal capRemaining,
                                    String reasonCode, @JsonRawValue String detail,
                                    Instant decidedAt) {
}
