package cn.smedt.hub.assessments;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A transformation or diagnosis subsidy decided on a passed acceptance, as stored (table {@code subsidy_decision})
 * and delivered to the government platform.
 *
 * @param decisionId    hub id of the decision ({@code SD} + 24 hex), the Idempotency-Key of its deliveries
 * @param recordId      the acceptance decided (hub id {@code AC...})
 * @param kind          ledger kind: {@code TRANSFORMATION} or {@code DIAGNOSIS}
 * @param uscc          the enterprise
 * @param regionCode    its county
 * @param assessorId    the assessment body that submitted the acceptance
 * @param policyId      policy used (from the county's pack, or the nearest ancestor's)
 * @param policyVersion its version
 * @param ruleId        the rule applied (the best of the policy's rules of this kind)
 * @param eligible      what the rule allows for this acceptance, after the rule's own cap, before the ledger
 * @param granted       what the ledger granted under the per-enterprise cap across all acceptances (stages)
 * @param capRemaining  what is left of the per-enterprise cap after this decision; null when the rule has none
 * @param reasonCode    {@code granted}, {@code capped} (rule cap), {@code cap-remainder-granted},
 *                      {@code cap-exhausted}, {@code no-eligible-spend}, or the policy's reason for 0
 *                      (e.g. {@code level-too-low}, {@code level-not-assessed})
 * @param detail        JSON (contract schema DecisionDetail): level used, the rule's arithmetic line by line, the
 *                      other rules' reasons; shown as that object, not as a string
 * @param decidedAt     when
 */
public record TransformationDecision(String decisionId, String recordId, String kind, String uscc, String regionCode,
                                     String assessorId, String policyId, String policyVersion, String ruleId,
                                     BigDecimal eligible, BigDecimal granted, BigDecimal capRemaining,
                                     String reasonCode, @JsonRawValue String detail,
                                     Instant decidedAt) {
}
