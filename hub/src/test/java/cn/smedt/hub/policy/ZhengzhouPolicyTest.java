package cn.smedt.hub.policy;

import static cn.smedt.hub.policy.Packs.decision;
import static cn.smedt.hub.policy.Packs.yuan;
import static cn.smedt.hub.policy.SpendCategory.AUTOMATION_EQUIPMENT;
import static cn.smedt.hub.policy.SpendCategory.DIAGNOSIS;
import static cn.smedt.hub.policy.SpendCategory.IMPLEMENTATION_SERVICES;
import static cn.smedt.hub.policy.SpendCategory.SOFTWARE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zhengzhou 郑政办〔2024〕10号 三(一)(二)(三)(五): diagnosis 70%/30,000, transformation 50%/2,000,000, provider 5%/3,000,000, chain case 1,000,000. */
class ZhengzhouPolicyTest {

    private final PolicyEngine engine = new PolicyEngine();
    private final Policy zhengzhou = Packs.zhengzhou();

    private TransformationFacts.Builder pilot(int level, boolean taskCompleted) {
        return TransformationFacts.builder("91410000170001401D", "410181").pilotEnterprise(true).level(level)
                .taskCompleted(taskCompleted).industry("ZZ-AUTO-PARTS");
    }

    @Test
    void levelTwoWithTaskCompletedGetsHalfOfTransformationSpendAndSeventyPercentOfDiagnosisCapped() {
        // transformation base = 1,000,000 + 2,000,000 + 500,000 = 3,500,000 (diagnosis has its own rule)
        //   x 0.50 = 1,750,000.00 (< 2,000,000 cap)
        // diagnosis 50,000 x 0.70 = 35,000.00 -> cap 30,000.00
        List<SubsidyDecision> decisions = engine.decide(zhengzhou, pilot(2, true).spend(SOFTWARE, "1000000")
                .spend(AUTOMATION_EQUIPMENT, "2000000").spend(IMPLEMENTATION_SERVICES, "500000")
                .spend(DIAGNOSIS, "50000").build());
        assertThat(decisions).extracting(SubsidyDecision::ruleId)
                .containsExactly("zz-diagnosis", "zz-transformation");

        SubsidyDecision t = decision(decisions, "zz-transformation");
        assertThat(t.base()).isEqualTo(yuan("3500000.00"));
        assertThat(t.granted()).isEqualTo(yuan("1750000.00"));
        assertThat(t.cap()).isEqualTo(yuan("2000000.00"));
        assertThat(t.reasonCode()).isEqualTo("eligible");

        SubsidyDecision d = decision(decisions, "zz-diagnosis");
        assertThat(d.kind()).isEqualTo(RuleKind.DIAGNOSIS);
        assertThat(d.computed()).isEqualTo(yuan("35000.00"));
        assertThat(d.granted()).isEqualTo(yuan("30000.00"));
        assertThat(d.reasonCode()).isEqualTo("capped");
    }

    @Test
    void transformationIsCappedAtTwoMillion() {
        // 5,000,000 x 0.50 = 2,500,000 -> 2,000,000
        SubsidyDecision t = decision(engine.decide(zhengzhou, pilot(3, true).spend(SOFTWARE, "5000000").build()),
                "zz-transformation");
        assertThat(t.computed()).isEqualTo(yuan("2500000.00"));
        assertThat(t.granted()).isEqualTo(yuan("2000000.00"));
    }

    @Test
    void nothingBeforeTheTaskIsCompleted() {
        List<SubsidyDecision> decisions = engine.decide(zhengzhou, pilot(3, false).spend(SOFTWARE, "100000")
                .spend(DIAGNOSIS, "20000").build());
        assertThat(decisions).allSatisfy(d -> {
            assertThat(d.eligible()).isFalse();
            assertThat(d.reasonCode()).isEqualTo("task-not-completed");
            assertThat(d.granted()).isEqualTo(yuan("0.00"));
        });
    }

    @Test
    void levelOneStillGetsTheDiagnosisSubsidyOnceTheTaskIsCompleted() {
        // diagnosis 40,000 x 0.70 = 28,000.00; transformation needs level 2
        List<SubsidyDecision> decisions = engine.decide(zhengzhou, pilot(1, true).spend(SOFTWARE, "100000")
                .spend(DIAGNOSIS, "40000").build());
        assertThat(decision(decisions, "zz-diagnosis").granted()).isEqualTo(yuan("28000.00"));
        assertThat(decision(decisions, "zz-transformation").reasonCode()).isEqualTo("level-too-low");
    }

    @Test
    void providerGetsFivePercentOfItsYearsFeesUpToThreeMillion() {
        // 10,000,000 x 0.05 = 500,000.00; 70,000,000 x 0.05 = 3,500,000 -> 3,000,000.00
        SubsidyDecision small = engine.decideProvider(zhengzhou,
                new ProviderFacts("provider-1", "410100", 2025, yuan("10000000"), true)).get(0);
        assertThat(small.ruleId()).isEqualTo("zz-provider");
        assertThat(small.granted()).isEqualTo(yuan("500000.00"));
        SubsidyDecision big = engine.decideProvider(zhengzhou,
                new ProviderFacts("provider-1", "410100", 2025, yuan("70000000"), true)).get(0);
        assertThat(big.granted()).isEqualTo(yuan("3000000.00"));
        assertThat(big.lines()).last().extracting(DecisionLine::item).isEqualTo("perProviderPerYear");
        SubsidyDecision unfinished = engine.decideProvider(zhengzhou,
                new ProviderFacts("provider-1", "410100", 2025, yuan("10000000"), false)).get(0);
        assertThat(unfinished.reasonCode()).isEqualTo("task-not-completed");
    }

    @Test
    void recognisedChainCaseGetsTheFlatMillion() {
        SubsidyDecision d = engine.decideChainCase(zhengzhou,
                new ChainCaseFacts("91410000170001401D", "410181", true, LocalDate.of(2025, 6, 1))).get(0);
        assertThat(d.granted()).isEqualTo(yuan("1000000.00"));
        assertThat(engine.decideChainCase(zhengzhou, new ChainCaseFacts("91410000170001401D", "410181", false, null))
                .get(0).reasonCode()).isEqualTo("chain-case-not-recognised");
    }

    @Test
    void exposesTheInterestCapForTheLedger() {
        assertThat(zhengzhou.interestCap()).contains(Money.ofYuan(500000));
        assertThat(Packs.wuhan().interestCap()).isEmpty();
    }
}
