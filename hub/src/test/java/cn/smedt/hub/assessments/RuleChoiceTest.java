package cn.smedt.hub.assessments;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.policy.RuleKind;
import cn.smedt.hub.policy.SubsidyDecision;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One decision per kind out of a policy's rules, and the reason code stored with it. */
class RuleChoiceTest {

    private static SubsidyDecision rule(String id, boolean eligible, String reason, String granted) {
        BigDecimal amount = new BigDecimal(granted);
        return new SubsidyDecision("p", "1", id, RuleKind.TRANSFORMATION, eligible, reason, amount, amount, null,
                amount, List.of(), List.of());
    }

    private static Grant grant(String requested, String granted, boolean capped) {
        return new Grant(new BigDecimal(requested), new BigDecimal(granted), new BigDecimal(granted), null, capped,
                false);
    }

    @Test
    void theEligibleRuleGrantingMostWins() {
        // Wuhan level 3: the level-2 rule is not eligible (level-not-covered), the level-3+ rule is
        assertThat(RuleChoice.best(List.of(rule("wh-level-2", false, "level-not-covered", "0.00"),
                rule("wh-level-3-plus", true, "eligible", "380000.00"))).ruleId()).isEqualTo("wh-level-3-plus");
        assertThat(RuleChoice.best(List.of(rule("a", true, "eligible", "10.00"), rule("b", true, "eligible",
                "20.00"), rule("c", true, "eligible", "20.00"))).ruleId()).isEqualTo("b");
    }

    @Test
    void anEligibleRuleWithNothingToPayStillBeatsIneligibleOnes() {
        assertThat(RuleChoice.best(List.of(rule("a", false, "investment-below-minimum", "0.00"),
                rule("b", true, "no-eligible-spend", "0.00"))).ruleId()).isEqualTo("b");
    }

    @Test
    void withoutAnEligibleRuleTheFailureLatestInTheConditionOrderExplains() {
        // Yongkang, a below-size firm investing 80,000: N+X fails on industry, light SaaS on the minimum investment
        SubsidyDecision chosen = RuleChoice.best(List.of(rule("yk-n-plus-x", false, "industry-not-covered", "0.00"),
                rule("yk-factory", false, "industry-not-covered", "0.00"),
                rule("yk-lightweight-saas", false, "investment-below-minimum", "0.00")));
        assertThat(chosen.ruleId()).isEqualTo("yk-lightweight-saas");
        // Wuhan level 1: both rules say level-too-low; the first in policy order stands
        assertThat(RuleChoice.best(List.of(rule("wh-level-2", false, "level-too-low", "0.00"),
                rule("wh-level-3-plus", false, "level-too-low", "0.00"))).ruleId()).isEqualTo("wh-level-2");
    }

    @Test
    void reasonCodes() {
        assertThat(RuleChoice.reasonOf(rule("r", false, "level-not-assessed", "0.00"), grant("0.00", "0.00", false)))
                .isEqualTo("level-not-assessed");
        assertThat(RuleChoice.reasonOf(rule("r", true, "no-eligible-spend", "0.00"), grant("0.00", "0.00", false)))
                .isEqualTo("no-eligible-spend");
        assertThat(RuleChoice.reasonOf(rule("r", true, "eligible", "950000.00"),
                grant("950000.00", "950000.00", false))).isEqualTo("granted");
        assertThat(RuleChoice.reasonOf(rule("r", true, "capped", "300000.00"),
                grant("300000.00", "300000.00", false))).isEqualTo("capped");
        assertThat(RuleChoice.reasonOf(rule("r", true, "eligible", "1200000.00"),
                grant("1200000.00", "1050000.00", true))).isEqualTo("cap-remainder-granted");
        assertThat(RuleChoice.reasonOf(rule("r", true, "eligible", "7000.00"), grant("7000.00", "0.00", true)))
                .isEqualTo("cap-exhausted");
    }
}
