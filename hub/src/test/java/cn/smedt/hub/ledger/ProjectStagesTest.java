package cn.smedt.hub.ledger;

import static cn.smedt.hub.policy.SpendCategory.AUTOMATION_EQUIPMENT;
import static cn.smedt.hub.policy.SpendCategory.DIAGNOSIS;
import static cn.smedt.hub.policy.SpendCategory.SOFTWARE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.assessments.RuleChoice;
import cn.smedt.hub.policy.EnterpriseScale;
import cn.smedt.hub.policy.Policy;
import cn.smedt.hub.policy.PolicyEngine;
import cn.smedt.hub.policy.PolicyPacks;
import cn.smedt.hub.policy.RuleKind;
import cn.smedt.hub.policy.SpendCategory;
import cn.smedt.hub.policy.SubsidyDecision;
import cn.smedt.hub.policy.TransformationFacts;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Caps, brackets and one-time rewards apply per project across its stages (issue 13): each stage is decided by the
 * engine on the project's cumulative spend ({@link PolicyEngine#decideProject}) and the per-project ledger account
 * tops the project up to that entitlement ({@link GrantProcessor} as {@code SubsidyLedger.topUp}), so the stages add
 * up to what the whole project as one acceptance would get. Cases worked out by hand from the seed sentences;
 * Yongkang's general-it-rate is the pack's 0.10.
 */
class ProjectStagesTest {

    static final PolicyPacks PACKS = PolicyPacks.fromClasspath(ProjectStagesTest.class.getClassLoader());
    static final Policy YONGKANG = PACKS.ofRegion("330784").orElseThrow();
    static final Policy ZHENGZHOU = PACKS.ofRegion("410100").orElseThrow();
    static final PolicyEngine ENGINE = new PolicyEngine();

    /** One stage's spend: category, yuan, category, yuan, ... */
    static Map<SpendCategory, String> spend(Object... pairs) {
        Map<SpendCategory, String> spend = new java.util.EnumMap<>(SpendCategory.class);
        for (int i = 0; i < pairs.length; i += 2) {
            spend.put((SpendCategory) pairs[i], (String) pairs[i + 1]);
        }
        return spend;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // Yongkang 二(二)2 "单个项目合计最高补助500万元" with "再一次性奖励30万元", two stages of
                // software 8,000,000 + automation 10,000,000 each:
                //   after stage 1: 3,000,000 x 0.30 = 900,000; 5,000,000 x 0.10 = 500,000; automation
                //     10,000,000 x 0.18 = 1,800,000 -> 3,200,000 within the cap; + reward 300,000 = 3,500,000
                //   after stage 2: base 16,000,000 -> 900,000 + 1,300,000; automation 3,600,000 -> 5,800,000,
                //     capped at 5,000,000; + reward 300,000 = 5,300,000 -> stage 2 gets 1,800,000
                // (decided per acceptance, the two would have got 3,500,000 each: 7,000,000)
                Arguments.of("yongkang 500万 per project across stages", YONGKANG, "intermediate-factory-pilot",
                        RuleKind.TRANSFORMATION, null,
                        List.of(spend(SOFTWARE, "8000000", AUTOMATION_EQUIPMENT, "10000000"),
                                spend(SOFTWARE, "8000000", AUTOMATION_EQUIPMENT, "10000000")),
                        List.of("3500000.00", "1800000.00"), "5300000.00"),
                // Yongkang "再一次性奖励30万元": two stages of software 1,500,000:
                //   after stage 1: 1,500,000 x 0.30 = 450,000 + reward 300,000 = 750,000
                //   after stage 2: 3,000,000 x 0.30 = 900,000 + reward 300,000 = 1,200,000 -> stage 2 gets 450,000
                // (per acceptance: 750,000 twice = 1,500,000, the reward paid twice)
                Arguments.of("yongkang 30万 reward once per project", YONGKANG, "intermediate-factory-pilot",
                        RuleKind.TRANSFORMATION, null,
                        List.of(spend(SOFTWARE, "1500000"), spend(SOFTWARE, "1500000")),
                        List.of("750000.00", "450000.00"), "1200000.00"),
                // Yongkang "试点项目软硬件总投入不低于150万元" over the project: two stages of 1,000,000 each; the
                // first alone is below the minimum (0), the project after the second is 2,000,000:
                //   2,000,000 x 0.30 = 600,000 + reward 300,000 = 900,000, all at stage 2
                Arguments.of("yongkang minimum over the project", YONGKANG, "intermediate-factory-pilot",
                        RuleKind.TRANSFORMATION, null,
                        List.of(spend(SOFTWARE, "1000000"), spend(SOFTWARE, "1000000")),
                        List.of("0.00", "900000.00"), "900000.00"),
                // Yongkang brackets do not depend on the split: 3,500,000 + automation 2,000,000 as one acceptance
                // is 900,000 + 50,000 + 360,000 + 300,000 = 1,610,000 (YongkangPolicyTest); split 2,000,000 +
                // automation 500,000 (below the 1,000,000 of "达到100万元(含)以上", 0) then 1,500,000 + 1,500,000:
                //   after stage 1: 600,000 + 300,000 = 900,000; after stage 2: 1,610,000 -> stage 2 gets 710,000
                Arguments.of("yongkang split keeps the brackets", YONGKANG, "intermediate-factory-pilot",
                        RuleKind.TRANSFORMATION, null,
                        List.of(spend(SOFTWARE, "2000000", AUTOMATION_EQUIPMENT, "500000"),
                                spend(SOFTWARE, "1500000", AUTOMATION_EQUIPMENT, "1500000")),
                        List.of("900000.00", "710000.00"), "1610000.00"),
                // Zhengzhou 三(二) "分阶段按照实际发生数字化改造费用不超过50%比例给予补助,最高补助金额不超过200万元":
                // stages of 1,500,000, 2,000,000 and 1,000,000:
                //   after 1: 750,000; after 2: 3,500,000 x 0.50 = 1,750,000 -> 1,000,000;
                //   after 3: 4,500,000 x 0.50 = 2,250,000, capped at 2,000,000 -> 250,000
                Arguments.of("zhengzhou staged 200万", ZHENGZHOU, null, RuleKind.TRANSFORMATION, null,
                        List.of(spend(SOFTWARE, "1500000"), spend(SOFTWARE, "2000000"), spend(SOFTWARE, "1000000")),
                        List.of("750000.00", "1000000.00", "250000.00"), "2000000.00"),
                // Zhengzhou 三(一) "按照诊断实际发生费用不超过70%给予后补助,每家企业最高不超过3万元", the diagnosis cost
                // 40,000 attached to the project (no stage lists one): 40,000 x 0.70 = 28,000, once
                Arguments.of("zhengzhou diagnosis cost of the project", ZHENGZHOU, null, RuleKind.DIAGNOSIS,
                        "40000.00", List.of(spend(SOFTWARE, "100000"), spend(SOFTWARE, "100000")),
                        List.of("28000.00", "0.00"), "28000.00"),
                // a stage's audited diagnosis amount wins over the project's cost (never both): 50,000 x 0.70 =
                // 35,000, capped at 30,000
                Arguments.of("zhengzhou audited diagnosis wins", ZHENGZHOU, null, RuleKind.DIAGNOSIS, "40000.00",
                        List.of(spend(SOFTWARE, "100000", DIAGNOSIS, "50000")), List.of("30000.00"), "30000.00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stagesAddUpToTheProjectsEntitlement(String name, Policy policy, String track, RuleKind kind,
                                             String diagnosisCost, List<Map<SpendCategory, String>> stageSpend,
                                             List<String> perStage, String total) {
        Map.Entry<String, LedgerAccount> account = new AbstractMap.SimpleEntry<>("PROJECT-" + kind + ":PJ1", null);
        List<TransformationFacts> stages = new ArrayList<>();
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < stageSpend.size(); i++) {
            stages.add(stage(policy, track, stageSpend.get(i)));
            SubsidyDecision chosen = best(ENGINE.decideProject(policy, stages,
                    diagnosisCost == null ? null : new BigDecimal(diagnosisCost)), kind);
            Grant grant = new GrantProcessor("PJ1", "PROJECT-" + kind, "AC" + i, chosen.granted(), null, true)
                    .process(account).get(0);
            granted.add(grant.granted().toPlainString());
        }
        assertThat(granted).as(name).isEqualTo(perStage);
        assertThat(account.getValue().granted().toPlainString()).as(name).isEqualTo(total);
        // the whole project as one acceptance is entitled to the same total
        Map<SpendCategory, BigDecimal> whole = new java.util.EnumMap<>(SpendCategory.class);
        stageSpend.forEach(s -> s.forEach((c, a) -> whole.merge(c, new BigDecimal(a), BigDecimal::add)));
        TransformationFacts.Builder one = firm(policy, track);
        whole.forEach((c, a) -> one.spend(c, a.toPlainString()));
        assertThat(best(ENGINE.decideProject(policy, List.of(one.build()),
                diagnosisCost == null ? null : new BigDecimal(diagnosisCost)), kind).granted().toPlainString())
                .as(name + ", as one acceptance").isEqualTo(total);
    }

    @ParameterizedTest(name = "{0}: a redelivered stage gets its first answer")
    @MethodSource("cases")
    void aStageAskedAgainGetsItsFirstAnswer(String name, Policy policy, String track, RuleKind kind,
                                            String diagnosisCost, List<Map<SpendCategory, String>> stageSpend,
                                            List<String> perStage, String total) {
        Map.Entry<String, LedgerAccount> account = new AbstractMap.SimpleEntry<>("k", null);
        SubsidyDecision first = best(ENGINE.decideProject(policy, List.of(stage(policy, track, stageSpend.get(0))),
                diagnosisCost == null ? null : new BigDecimal(diagnosisCost)), kind);
        Grant once = new GrantProcessor("PJ1", "PROJECT", "AC0", first.granted(), null, true).process(account)
                .get(0);
        Grant again = new GrantProcessor("PJ1", "PROJECT", "AC0", first.granted(), null, true).process(account)
                .get(0);
        assertThat(again.repeated()).isTrue();
        assertThat(again.granted()).isEqualTo(once.granted());
        assertThat(account.getValue().granted()).isEqualTo(once.granted());
    }

    private static TransformationFacts stage(Policy policy, String track, Map<SpendCategory, String> spend) {
        TransformationFacts.Builder facts = firm(policy, track);
        spend.forEach(facts::spend);
        return facts.build();
    }

    private static TransformationFacts.Builder firm(Policy policy, String track) {
        boolean yongkang = policy == YONGKANG;
        return TransformationFacts.builder(yongkang ? "91330784MA2D00008P" : "91410181MA9G5KQ3XB",
                        yongkang ? "330784" : "410181")
                .industry(yongkang ? "YK-POWER-TOOLS" : "ZZ-REFRACTORIES").scale(EnterpriseScale.ABOVE_DESIGNATED_SIZE)
                .level(2).pilotEnterprise(true).acceptancePassed(true).taskCompleted(true).track(track);
    }

    /** The decision that stands for the kind, as the acceptance flow picks it. */
    private static SubsidyDecision best(List<SubsidyDecision> decisions, RuleKind kind) {
        return RuleChoice.best(decisions.stream().filter(d -> d.kind() == kind).toList());
    }
}
