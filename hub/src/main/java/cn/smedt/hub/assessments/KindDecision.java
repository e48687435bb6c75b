package cn.smedt.hub.assessments;

import cn.smedt.hub.policy.RuleKind;
import cn.smedt.hub.policy.SubsidyDecision;
import java.math.BigDecimal;
import java.util.List;

/**
 * The policy's answer for one kind of subsidy on one acceptance.
 *
 * @param kind             TRANSFORMATION or DIAGNOSIS (also the ledger kind)
 * @param chosen           the decision that stands for the kind ({@link RuleChoice#best})
 * @param rules            all the engine's decisions of this kind, in policy order (for the audit detail)
 * @param perEnterpriseCap the chosen rule's cap per enterprise across acceptances (stages), for the ledger; null
 *                         when the rule has none (Yongkang caps per project, which the engine already applied)
 */
record KindDecision(RuleKind kind, SubsidyDecision chosen, List<SubsidyDecision> rules, BigDecimal perEnterpriseCap) {

    KindDecision {
        rules = List.copyOf(rules);
    }
}
