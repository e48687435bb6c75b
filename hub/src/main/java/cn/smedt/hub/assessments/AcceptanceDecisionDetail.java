package cn.smedt.hub.assessments;

import cn.smedt.api.model.DecisionDetail;
import cn.smedt.api.model.DecisionProjectDetail;
import cn.smedt.api.model.DecisionLedgerDetail;
import cn.smedt.api.model.DecisionOtherRule;
import cn.smedt.api.model.DecisionRuleDetail;
import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.policy.SubsidyDecision;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit detail of a transformation decision (column {@code subsidy_decision.detail}, at most 4000 characters) in
 * the contract's one decision-detail shape (common.yaml {@code DecisionDetail}): the acceptance and level used, the
 * chosen rule's arithmetic line by line, the ledger's answer, and the other rules of the kind with their reason
 * codes. Amounts are decimal strings. When the lines would overflow the column they are left out and
 * {@code rule.linesOmitted} gives their number.
 */
final class AcceptanceDecisionDetail {

    /** Room of the detail column. */
    static final int MAX_LENGTH = 4000;

    private AcceptanceDecisionDetail() {
    }

    /**
     * The share of a project's entitlement a stage was asked for.
     *
     * @param projectId     the project
     * @param stages        the passed stages counted, this one included
     * @param entitlement   the policy's answer on the project's cumulative spend
     * @param grantedBefore what the project's earlier stages got of it
     */
    record ProjectShare(String projectId, int stages, BigDecimal entitlement, BigDecimal grantedBefore) {
    }

    static String render(ObjectMapper json, Acceptance acceptance, KindDecision kind, Grant grant) {
        return render(json, acceptance, kind, grant, null);
    }

    /** With the project's share when the acceptance is a stage of a project ({@code share} null otherwise). */
    static String render(ObjectMapper json, Acceptance acceptance, KindDecision kind, Grant grant,
                         ProjectShare share) {
        SubsidyDecision chosen = kind.chosen();
        DecisionRuleDetail rule = chosen.ruleDetail();
        List<DecisionOtherRule> others = kind.rules().stream().filter(other -> other != chosen)
                .map(other -> new DecisionOtherRule(other.ruleId(), other.eligible()).reasonCode(other.reasonCode())
                        .granted(text(other.granted()))).toList();
        DecisionDetail detail = new DecisionDetail().acceptanceId(acceptance.acceptanceId())
                .acceptedOn(acceptance.acceptedOn()).level(acceptance.level())
                .levelRecordId(acceptance.level() == null ? null : acceptance.levelRecordId())
                .track(acceptance.track()).rule(rule)
                .ledger(new DecisionLedgerDetail().perEnterpriseCap(text(kind.perEnterpriseCap()))
                        .granted(text(grant.granted())).grantedTotal(text(grant.grantedTotal()))
                        .capRemaining(text(grant.capRemaining())))
                .otherRules(new ArrayList<>(others));
        if (share != null) {
            detail.project(new DecisionProjectDetail(share.projectId(), share.stages(), text(share.entitlement()),
                    text(share.grantedBefore())));
        }
        String text = write(json, detail);
        if (text.length() > MAX_LENGTH) {
            rule.setLines(null);
            rule.linesOmitted(chosen.lines().size());
            text = write(json, detail);
        }
        return text;
    }

    private static String write(ObjectMapper json, DecisionDetail detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new AcceptanceDecisionException("cannot render the decision detail: " + e.getOriginalMessage());
        }
    }

    private static String text(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
