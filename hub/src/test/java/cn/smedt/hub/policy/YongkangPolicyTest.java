package cn.smedt.hub.policy;

import static cn.smedt.hub.policy.Packs.decision;
import static cn.smedt.hub.policy.Packs.yuan;
import static cn.smedt.hub.policy.SpendCategory.AUTOMATION_EQUIPMENT;
import static cn.smedt.hub.policy.SpendCategory.CLOUD_SERVICES;
import static cn.smedt.hub.policy.SpendCategory.DATA_COLLECTION_DEVICES;
import static cn.smedt.hub.policy.SpendCategory.NETWORK_EQUIPMENT;
import static cn.smedt.hub.policy.SpendCategory.OTHER_HARDWARE;
import static cn.smedt.hub.policy.SpendCategory.SOFTWARE;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Yongkang 永政办发〔2023〕40号: N+X, 中级数智工厂 pilot / promotion, 规下 SaaS; general-IT rate default 0.10. */
class YongkangPolicyTest {

    private final PolicyEngine engine = new PolicyEngine();
    private final Policy yongkang = Packs.yongkang();

    private static TransformationFacts.Builder firm(String industry, EnterpriseScale scale) {
        return TransformationFacts.builder("91330784MA2XXXXX0X", "330784").industry(industry).scale(scale)
                .acceptancePassed(true).taskCompleted(true);
    }

    @Test
    void nPlusXPaysFortyPercentUpToFiveHundredThousand() {
        // base = 250,000 + 100,000 + 50,000 = 400,000 (>= 300,000 minimum); 400,000 x 0.40 = 160,000.00
        SubsidyDecision d = decision(engine.decide(yongkang, firm("YK-SECURITY-DOOR",
                EnterpriseScale.ABOVE_DESIGNATED_SIZE).spend(SOFTWARE, "250000").spend(DATA_COLLECTION_DEVICES,
                "100000").spend(NETWORK_EQUIPMENT, "50000").build()), "yk-n-plus-x");
        assertThat(d.granted()).isEqualTo(yuan("160000.00"));
        assertThat(d.cap()).isNull();
        assertThat(d.unconfirmedParameters()).isEmpty();
    }

    @Test
    void nPlusXPaysTheGeneralItRateAboveFiveHundredThousand() {
        // base = 600,000 + 200,000 = 800,000: 500,000 x 0.40 = 200,000.00; 300,000 x 0.10 (default) = 30,000.00
        // total 230,000.00, resting on the unconfirmed general-it-rate
        TransformationFacts facts = firm("YK-VACUUM-CUP", EnterpriseScale.ABOVE_DESIGNATED_SIZE)
                .spend(SOFTWARE, "600000").spend(OTHER_HARDWARE, "200000").build();
        SubsidyDecision d = decision(engine.decide(yongkang, facts), "yk-n-plus-x");
        assertThat(d.granted()).isEqualTo(yuan("230000.00"));
        assertThat(d.unconfirmedParameters()).containsExactly("general-it-rate");
        assertThat(d.lines()).filteredOn(l -> l.type() == DecisionLine.Type.BRACKET)
                .extracting(DecisionLine::amount, DecisionLine::result, DecisionLine::parameter)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(yuan("500000.00"), yuan("200000.00"), null),
                        org.assertj.core.groups.Tuple.tuple(yuan("300000.00"), yuan("30000.00"), "general-it-rate"));

        // the operator confirms 15%: 200,000 + 300,000 x 0.15 = 245,000.00
        Policy confirmed = yongkang.withParameter("general-it-rate", new BigDecimal("0.15"));
        SubsidyDecision d2 = decision(engine.decide(confirmed, facts), "yk-n-plus-x");
        assertThat(d2.granted()).isEqualTo(yuan("245000.00"));
        assertThat(d2.unconfirmedParameters()).isEmpty();
        assertThat(d2.policyVersion()).isEqualTo("1+general-it-rate=0.15");
    }

    @Test
    void nPlusXNeedsThreeHundredThousandAnAboveSizeFirmAndAKeyIndustry() {
        // exactly 300,000 qualifies (含): 120,000.00; 299,999.99 does not
        assertThat(decision(engine.decide(yongkang, firm("YK-LEISURE", EnterpriseScale.ABOVE_DESIGNATED_SIZE)
                .spend(SOFTWARE, "300000").build()), "yk-n-plus-x").granted()).isEqualTo(yuan("120000.00"));
        assertThat(decision(engine.decide(yongkang, firm("YK-LEISURE", EnterpriseScale.ABOVE_DESIGNATED_SIZE)
                .spend(SOFTWARE, "299999.99").build()), "yk-n-plus-x").reasonCode())
                .isEqualTo("investment-below-minimum");
        assertThat(decision(engine.decide(yongkang, firm("YK-LEISURE", EnterpriseScale.BELOW_DESIGNATED_SIZE)
                .spend(SOFTWARE, "400000").build()), "yk-n-plus-x").reasonCode()).isEqualTo("scale-not-covered");
        assertThat(decision(engine.decide(yongkang, firm("YK-POWER-TOOLS", EnterpriseScale.ABOVE_DESIGNATED_SIZE)
                .spend(SOFTWARE, "400000").build()), "yk-n-plus-x").reasonCode())
                .isEqualTo("industry-not-covered");
    }

    private static TransformationFacts.Builder factoryPilot() {
        return firm("YK-POWER-TOOLS", EnterpriseScale.ABOVE_DESIGNATED_SIZE).track("intermediate-factory-pilot");
    }

    @Test
    void intermediateFactoryPilotBracketsAutomationAndReward() {
        // base = 1,500,000 + 300,000 + 700,000 + 300,000 + 700,000 = 3,500,000 (>= 1,500,000)
        //   0 - 3,000,000 x 0.30 = 900,000.00; 500,000 x 0.10 = 50,000.00
        // automation 2,000,000 (>= 1,000,000) x 0.18 = 360,000.00
        // within cap: 1,310,000.00 (< 5,000,000); reward after acceptance 300,000.00 on top -> 1,610,000.00
        List<SubsidyDecision> decisions = engine.decide(yongkang, factoryPilot().spend(SOFTWARE, "1500000")
                .spend(CLOUD_SERVICES, "300000").spend(DATA_COLLECTION_DEVICES, "700000")
                .spend(NETWORK_EQUIPMENT, "300000").spend(OTHER_HARDWARE, "700000")
                .spend(AUTOMATION_EQUIPMENT, "2000000").build());
        SubsidyDecision d = decision(decisions, "yk-intermediate-factory-pilot");
        assertThat(d.base()).isEqualTo(yuan("3500000.00"));
        assertThat(d.computed()).isEqualTo(yuan("1610000.00"));
        assertThat(d.granted()).isEqualTo(yuan("1610000.00"));
        assertThat(d.cap()).isEqualTo(yuan("5000000.00"));
        assertThat(d.lines()).filteredOn(l -> l.type() == DecisionLine.Type.COMPONENT)
                .extracting(DecisionLine::item, DecisionLine::result, DecisionLine::withinCap)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("automation:automationEquipment", yuan("360000.00"), true),
                        org.assertj.core.groups.Tuple.tuple("acceptance-reward", yuan("300000.00"), false));
        assertThat(decision(decisions, "yk-intermediate-factory-promotion").reasonCode())
                .isEqualTo("track-not-covered");
        assertThat(decision(decisions, "yk-n-plus-x").reasonCode()).isEqualTo("industry-not-covered");
    }

    @Test
    void intermediateFactoryPilotAutomationBelowOneMillionGetsNothing() {
        // base 2,000,000 x 0.30 = 600,000.00; automation 999,999.99 < 1,000,000 -> 0; + 300,000 reward = 900,000.00
        SubsidyDecision d = decision(engine.decide(yongkang, factoryPilot().spend(SOFTWARE, "2000000")
                .spend(AUTOMATION_EQUIPMENT, "999999.99").build()), "yk-intermediate-factory-pilot");
        assertThat(d.granted()).isEqualTo(yuan("900000.00"));
        assertThat(d.lines()).filteredOn(l -> "below-minimum-spend".equals(l.note())).hasSize(1);
    }

    @Test
    void intermediateFactoryPilotIsCappedAtFiveMillionPlusTheReward() {
        // base 16,000,000: 3,000,000 x 0.30 = 900,000.00; 13,000,000 x 0.10 = 1,300,000.00
        // automation 20,000,000 x 0.18 = 3,600,000.00 -> within cap 5,800,000.00 -> 5,000,000.00
        // + reward 300,000.00 (outside the cap) = 5,300,000.00 granted; computed 6,100,000.00
        SubsidyDecision d = decision(engine.decide(yongkang, factoryPilot().spend(SOFTWARE, "16000000")
                .spend(AUTOMATION_EQUIPMENT, "20000000").build()), "yk-intermediate-factory-pilot");
        assertThat(d.computed()).isEqualTo(yuan("6100000.00"));
        assertThat(d.granted()).isEqualTo(yuan("5300000.00"));
        assertThat(d.reasonCode()).isEqualTo("capped");
        assertThat(d.lines()).filteredOn(l -> l.type() == DecisionLine.Type.CAP).singleElement()
                .satisfies(l -> {
                    assertThat(l.item()).isEqualTo("total");
                    assertThat(l.amount()).isEqualTo(yuan("5800000.00"));
                    assertThat(l.result()).isEqualTo(yuan("5000000.00"));
                });
    }

    @Test
    void intermediateFactoryNeedsOnePointFiveMillionAndAcceptance() {
        assertThat(decision(engine.decide(yongkang, factoryPilot().spend(SOFTWARE, "1499999.99").build()),
                "yk-intermediate-factory-pilot").reasonCode()).isEqualTo("investment-below-minimum");
        assertThat(decision(engine.decide(yongkang, factoryPilot().acceptancePassed(false)
                .spend(SOFTWARE, "2000000").build()), "yk-intermediate-factory-pilot").reasonCode())
                .isEqualTo("acceptance-not-passed");
    }

    @Test
    void intermediateFactoryPromotionPaysTwentyFiveAndFifteenPercent() {
        // 2,000,000 x 0.25 = 500,000.00; automation exactly 1,000,000 (含) x 0.15 = 150,000.00; no reward
        SubsidyDecision d = decision(engine.decide(yongkang, firm("YK-POWER-TOOLS",
                EnterpriseScale.ABOVE_DESIGNATED_SIZE).track("intermediate-factory-promotion")
                .spend(SOFTWARE, "2000000").spend(AUTOMATION_EQUIPMENT, "1000000").build()),
                "yk-intermediate-factory-promotion");
        assertThat(d.granted()).isEqualTo(yuan("650000.00"));
        assertThat(d.cap()).isEqualTo(yuan("4000000.00"));
    }

    @Test
    void lightweightSaasNeedsOneHundredThousandFromABelowSizeFirm() {
        // 60,000 + 40,000 = 100,000 (含) x 0.40 = 40,000.00
        TransformationFacts.Builder small = firm("YK-POWER-TOOLS", EnterpriseScale.BELOW_DESIGNATED_SIZE);
        assertThat(decision(engine.decide(yongkang, small.spend(SOFTWARE, "60000").spend(CLOUD_SERVICES, "40000")
                .build()), "yk-lightweight-saas").granted()).isEqualTo(yuan("40000.00"));
        assertThat(decision(engine.decide(yongkang, firm("YK-POWER-TOOLS", EnterpriseScale.BELOW_DESIGNATED_SIZE)
                .spend(CLOUD_SERVICES, "99999.99").build()), "yk-lightweight-saas").reasonCode())
                .isEqualTo("investment-below-minimum");
        assertThat(decision(engine.decide(yongkang, firm("YK-POWER-TOOLS", EnterpriseScale.ABOVE_DESIGNATED_SIZE)
                .spend(CLOUD_SERVICES, "200000").build()), "yk-lightweight-saas").reasonCode())
                .isEqualTo("scale-not-covered");
    }

    @Test
    void theGeneralItRateIsAParameterTheOperatorMustConfirm() {
        assertThat(yongkang.unconfirmedParameters()).extracting(PolicyParameter::name)
                .containsExactly("general-it-rate");
        assertThat(yongkang.parameter("general-it-rate").value()).isEqualByComparingTo("0.10");
        assertThat(yongkang.effectiveFrom()).hasToString("2023-09-25");
    }
}
