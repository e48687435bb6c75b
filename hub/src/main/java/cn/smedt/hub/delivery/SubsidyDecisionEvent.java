package cn.smedt.hub.delivery;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * The payload of a subsidy decision delivered to the government platform and the submitting partner's webhook
 * (api-specs common.yaml {@code SubsidyDecisionEvent}). Its fields and their order are those the hub delivered when
 * the payload was the decision's row (V3 {@code subsidy_decision}) camel-cased, so partners receive the same bytes;
 * a column added to the table adds nothing here. Only {@code detail} changed shape (issue 13): it is the
 * contract's DecisionDetail object, as in every read that shows a decision. Absent (null) values are left out, as before (the hub's
 * ObjectMapper writes no nulls).
 *
 * @param eventType      always {@value SubsidyDecisionEvents#TYPE}
 * @param decisionId     the decision ({@code SD} + 24 hex), also the delivery's {@code Idempotency-Key}
 * @param recordId       the decided record: an interest period ({@code IP...}) or an acceptance ({@code AC...})
 * @param kind           INTEREST, TRANSFORMATION or DIAGNOSIS
 * @param uscc           the enterprise
 * @param regionCode     the enterprise's region
 * @param loanId         the loan of an interest subsidy; null otherwise
 * @param partnerId      the partner that submitted the record (bank or assessor)
 * @param policyId       the policy applied
 * @param policyVersion  its version
 * @param ruleId         the rule of the policy applied; null when none applied
 * @param eligible       amount the policy allows, a decimal string with 2 places (CNY)
 * @param granted        amount granted after the enterprise's cap, 2 places
 * @param capRemaining   what is left of the cap after this grant, 2 places; null when no cap applies
 * @param reasonCode     why this amount: granted, capped, cap-exhausted, a policy's refusal code...
 * @param detail         the calculation (common.yaml DecisionDetail), stored as JSON text and written as that
 *                       object (before issue 13 it was delivered as a string holding the JSON)
 * @param decidedAt      when the decision was made (RFC 3339, UTC)
 */
public record SubsidyDecisionEvent(String eventType, String decisionId, String recordId, String kind, String uscc,
                                   String regionCode, String loanId, String partnerId, String policyId,
                                   String policyVersion, String ruleId, String eligible, String granted,
                                   String capRemaining, String reasonCode, @JsonRawValue String detail,
                                   Instant decidedAt) {
}
