package cn.smedt.hub.assessments;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.policy.EnterpriseScale;
import cn.smedt.hub.policy.PolicyEngine;
import cn.smedt.hub.policy.PolicyPacks;
import cn.smedt.hub.policy.RuleKind;
import cn.smedt.hub.policy.SpendCategory;
import cn.smedt.hub.regions.RegionDirectory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pack decides a county's acceptances, the facts the engine gets, one decision per kind (shipped packs). */
class TransformationPolicyTest {

    private final TransformationPolicy policy = new TransformationPolicy(
            PolicyPacks.fromClasspath(getClass().getClassLoader()), new RegionDirectory(), new PolicyEngine());

    private static Enterprise enterprise(String region, String industry, String scale) {
        return new Enterprise("91410181MA40A0003L", "试点企业", region, industry, scale, List.of(), true, null, "gov",
                Instant.EPOCH, Instant.EPOCH);
    }

    private static Acceptance acceptance(String region, Integer level, boolean passed, String track,
                                         Map<SpendCategory, String> spend) {
        Map<SpendCategory, BigDecimal> amounts = new EnumMap<>(SpendCategory.class);
        spend.forEach((category, yuan) -> amounts.put(category, new BigDecimal(yuan)));
        return new Acceptance("AC1", "assessor", "ACC-1", "91410181MA40A0003L", region, LocalDate.of(2025, 5, 20),
                passed, track, null, amounts, level, level == null ? null : "AS1", Acceptance.RECEIVED,
                Instant.EPOCH);
    }

    @Test
    void countiesUseTheirOwnPackElseTheNearestAncestorWithTransformationRules() {
        assertThat(policy.policyFor("410181")).hasValueSatisfying(p -> assertThat(p.id())
                .isEqualTo("zhengzhou-smedt-2024"));
        assertThat(policy.policyFor("410171")).hasValueSatisfying(p -> assertThat(p.id())
                .isEqualTo("zhengzhou-smedt-2024"));
        assertThat(policy.policyFor("420111")).hasValueSatisfying(p -> assertThat(p.id())
                .isEqualTo("wuhan-smedt-2023"));
        assertThat(policy.policyFor("330784")).hasValueSatisfying(p -> assertThat(p.id())
                .isEqualTo("yongkang-smedt-2023"));
        assertThat(policy.policyFor("330782")).isEmpty(); // 义乌: neither Jinhua nor Zhejiang has a policy pack
    }

    @Test
    void aPassedAcceptanceCompletesTheTaskAndTotalsTheSpend() {
        var facts = TransformationPolicy.facts(acceptance("410181", 2, true, null,
                Map.of(SpendCategory.SOFTWARE, "600000.00", SpendCategory.DIAGNOSIS, "40000.00")),
                enterprise("410181", "ZZ-REFRACTORIES", "ABOVE_DESIGNATED_SIZE"));
        assertThat(facts.taskCompleted()).isTrue();
        assertThat(facts.acceptancePassed()).isTrue();
        assertThat(facts.totalInvestment()).isEqualByComparingTo("640000.00");
        assertThat(facts.scale()).isEqualTo(EnterpriseScale.ABOVE_DESIGNATED_SIZE);
        assertThat(facts.level()).isEqualTo(2);
        assertThat(TransformationPolicy.scaleOf("SMALL")).isNull();
    }

    @Test
    void zhengzhouDecidesDiagnosisAndTransformationSeparately() {
        // diagnosis 40,000 x 0.70 = 28,000.00 (cap 30,000); transformation (600,000 + 1,000,000 + 200,000 +
        // 100,000) = 1,900,000 x 0.50 = 950,000.00 (cap 2,000,000)
        var zz = policy.policyFor("410181").orElseThrow();
        List<KindDecision> kinds = policy.decide(zz, acceptance("410181", 2, true, null, Map.of(
                SpendCategory.DIAGNOSIS, "40000.00", SpendCategory.SOFTWARE, "600000.00",
                SpendCategory.AUTOMATION_EQUIPMENT, "1000000.00", SpendCategory.IMPLEMENTATION_SERVICES, "200000.00",
                SpendCategory.DATA_COLLECTION_DEVICES, "100000.00")),
                enterprise("410181", "ZZ-REFRACTORIES", "ABOVE_DESIGNATED_SIZE"));
        assertThat(kinds).extracting(KindDecision::kind).containsExactly(RuleKind.DIAGNOSIS, RuleKind.TRANSFORMATION);
        assertThat(kinds.get(0).chosen().granted()).isEqualTo(new BigDecimal("28000.00"));
        assertThat(kinds.get(0).perEnterpriseCap()).isEqualByComparingTo("30000");
        assertThat(kinds.get(1).chosen().granted()).isEqualTo(new BigDecimal("950000.00"));
        assertThat(kinds.get(1).perEnterpriseCap()).isEqualByComparingTo("2000000");
    }

    @Test
    void wuhanLevelThreePicksTheFortyPercentRule() {
        // 300,000 + 60,000 + 90,000 + 20,000 + 400,000 + 80,000 = 950,000 (diagnosis excluded) x 0.40 = 380,000.00
        var wh = policy.policyFor("420111").orElseThrow();
        List<KindDecision> kinds = policy.decide(wh, acceptance("420111", 3, true, null, Map.of(
                SpendCategory.SOFTWARE, "300000.00", SpendCategory.CLOUD_SERVICES, "60000.00",
                SpendCategory.DATA_COLLECTION_DEVICES, "90000.00", SpendCategory.NETWORK_EQUIPMENT, "20000.00",
                SpendCategory.AUTOMATION_EQUIPMENT, "400000.00", SpendCategory.DIAGNOSIS, "50000.00",
                SpendCategory.IMPLEMENTATION_SERVICES, "80000.00")),
                enterprise("420111", "OPTICAL", "ABOVE_DESIGNATED_SIZE"));
        assertThat(kinds).singleElement().satisfies(kind -> {
            assertThat(kind.chosen().ruleId()).isEqualTo("wh-level-3-plus");
            assertThat(kind.chosen().granted()).isEqualTo(new BigDecimal("380000.00"));
            assertThat(kind.rules()).hasSize(2);
            assertThat(kind.perEnterpriseCap()).isEqualByComparingTo("400000");
        });
    }

    @Test
    void yongkangCapsPerProjectSoTheLedgerGetsNoCap() {
        var yk = policy.policyFor("330784").orElseThrow();
        List<KindDecision> kinds = policy.decide(yk, acceptance("330784", null, true, "intermediate-factory-pilot",
                Map.of(SpendCategory.SOFTWARE, "2000000.00")), enterprise("330784", "YK-POWER-TOOLS",
                "ABOVE_DESIGNATED_SIZE"));
        assertThat(kinds).singleElement().satisfies(kind -> {
            // 2,000,000 x 0.30 = 600,000.00 + 300,000.00 reward after acceptance
            assertThat(kind.chosen().ruleId()).isEqualTo("yk-intermediate-factory-pilot");
            assertThat(kind.chosen().granted()).isEqualTo(new BigDecimal("900000.00"));
            assertThat(kind.perEnterpriseCap()).isNull();
        });
    }
}
