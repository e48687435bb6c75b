package cn.smedt.hub.policy;

import static cn.smedt.hub.policy.Packs.decision;
import static cn.smedt.hub.policy.Packs.yuan;
import static cn.smedt.hub.policy.SpendCategory.AUTOMATION_EQUIPMENT;
import static cn.smedt.hub.policy.SpendCategory.CLOUD_SERVICES;
import static cn.smedt.hub.policy.SpendCategory.DATA_COLLECTION_DEVICES;
import static cn.smedt.hub.policy.SpendCategory.DIAGNOSIS;
import static cn.smedt.hub.policy.SpendCategory.IMPLEMENTATION_SERVICES;
import static cn.smedt.hub.policy.SpendCategory.NETWORK_EQUIPMENT;
import static cn.smedt.hub.policy.SpendCategory.OTHER_HARDWARE;
import static cn.smedt.hub.policy.SpendCategory.SOFTWARE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Wuhan 三(一)7: level 2 -> 30% of software/cloud/data-collection/network spend (cap 300,000); level 3+ -> 40% (cap 400,000). */
class WuhanPolicyTest {

    private final PolicyEngine engine = new PolicyEngine();
    private final Policy wuhan = Packs.wuhan();

    private TransformationFacts.Builder pilot(int level) {
        return TransformationFacts.builder("91420100MA4KXXXX0X", "420111").pilotEnterprise(true)
                .acceptancePassed(true).taskCompleted(true).level(level);
    }

    @Test
    void levelTwoGetsThirtyPercentOfSoftwareCloudAndDataDevicesOnly() {
        // base = 200,000 + 50,000 + 80,000 + 30,000 = 360,000 (automation 500,000 is not in the level-2 base)
        // 360,000 x 0.30 = 108,000.00 (below the 300,000 cap)
        List<SubsidyDecision> decisions = engine.decide(wuhan, pilot(2)
                .spend(SOFTWARE, "200000").spend(CLOUD_SERVICES, "50000").spend(DATA_COLLECTION_DEVICES, "80000")
                .spend(NETWORK_EQUIPMENT, "30000").spend(AUTOMATION_EQUIPMENT, "500000").build());

        assertThat(decisions).extracting(SubsidyDecision::ruleId).containsExactly("wh-level-2", "wh-level-3-plus");
        SubsidyDecision d = decision(decisions, "wh-level-2");
        assertThat(d.eligible()).isTrue();
        assertThat(d.reasonCode()).isEqualTo("eligible");
        assertThat(d.base()).isEqualByComparingTo("360000");
        assertThat(d.computed()).isEqualTo(yuan("108000.00"));
        assertThat(d.cap()).isEqualTo(yuan("300000.00"));
        assertThat(d.granted()).isEqualTo(yuan("108000.00"));
        assertThat(d.policyId()).isEqualTo("wuhan-smedt-2023");
        assertThat(d.policyVersion()).isEqualTo("1");
        assertThat(d.lines()).filteredOn(l -> l.type() == DecisionLine.Type.BRACKET).singleElement()
                .satisfies(l -> {
                    assertThat(l.amount()).isEqualTo(yuan("360000.00"));
                    assertThat(l.rate()).isEqualByComparingTo("0.30");
                    assertThat(l.result()).isEqualTo(yuan("108000.00"));
                });
        assertThat(decision(decisions, "wh-level-3-plus").reasonCode()).isEqualTo("level-too-low");
    }

    @Test
    void levelTwoIsCappedAtThreeHundredThousand() {
        // base = 800,000 + 100,000 + 100,000 + 50,000 = 1,050,000; x 0.30 = 315,000 -> cap 300,000
        SubsidyDecision d = decision(engine.decide(wuhan, pilot(2).spend(SOFTWARE, "800000")
                .spend(CLOUD_SERVICES, "100000").spend(DATA_COLLECTION_DEVICES, "100000")
                .spend(NETWORK_EQUIPMENT, "50000").build()), "wh-level-2");
        assertThat(d.computed()).isEqualTo(yuan("315000.00"));
        assertThat(d.granted()).isEqualTo(yuan("300000.00"));
        assertThat(d.reasonCode()).isEqualTo("capped");
        assertThat(d.lines()).last().satisfies(l -> {
            assertThat(l.type()).isEqualTo(DecisionLine.Type.CAP);
            assertThat(l.item()).isEqualTo("perEnterprise");
            assertThat(l.result()).isEqualTo(yuan("300000.00"));
        });
    }

    @Test
    void roundsEachBracketHalfUpToTheFen() {
        // 333,333.33 x 0.30 = 99,999.999 -> 100,000.00
        SubsidyDecision d = decision(engine.decide(wuhan, pilot(2).spend(SOFTWARE, "333333.33").build()),
                "wh-level-2");
        assertThat(d.granted()).isEqualTo(yuan("100000.00"));
    }

    @Test
    void levelThreeGetsFortyPercentOfAllTransformationSpendCappedAtFourHundredThousand() {
        // base = 300,000 + 50,000 + 100,000 + 50,000 + 400,000 + 60,000 + 40,000 = 1,000,000 (diagnosis excluded)
        // 1,000,000 x 0.40 = 400,000.00 = the cap exactly
        List<SubsidyDecision> decisions = engine.decide(wuhan, pilot(3).spend(SOFTWARE, "300000")
                .spend(CLOUD_SERVICES, "50000").spend(DATA_COLLECTION_DEVICES, "100000")
                .spend(NETWORK_EQUIPMENT, "50000").spend(AUTOMATION_EQUIPMENT, "400000")
                .spend(OTHER_HARDWARE, "60000").spend(IMPLEMENTATION_SERVICES, "40000").spend(DIAGNOSIS, "20000")
                .build());
        SubsidyDecision d = decision(decisions, "wh-level-3-plus");
        assertThat(d.base()).isEqualTo(yuan("1000000.00"));
        assertThat(d.computed()).isEqualTo(yuan("400000.00"));
        assertThat(d.granted()).isEqualTo(yuan("400000.00"));
        assertThat(d.reasonCode()).isEqualTo("eligible");
        assertThat(decision(decisions, "wh-level-2").reasonCode()).isEqualTo("level-not-covered");

        // level 4, base 1,200,000 -> 480,000 -> capped to 400,000
        SubsidyDecision four = decision(engine.decide(wuhan, pilot(4).spend(SOFTWARE, "1200000").build()),
                "wh-level-3-plus");
        assertThat(four.computed()).isEqualTo(yuan("480000.00"));
        assertThat(four.granted()).isEqualTo(yuan("400000.00"));
        assertThat(four.reasonCode()).isEqualTo("capped");
    }

    @Test
    void levelOneIsNotEligible() {
        List<SubsidyDecision> decisions = engine.decide(wuhan, pilot(1).spend(SOFTWARE, "500000").build());
        assertThat(decisions).allSatisfy(d -> {
            assertThat(d.eligible()).isFalse();
            assertThat(d.reasonCode()).isEqualTo("level-too-low");
            assertThat(d.granted()).isEqualTo(yuan("0.00"));
        });
    }

    @Test
    void unassessedNonPilotOrUnacceptedProjectsAreRefusedWithTheirReason() {
        assertThat(engine.decide(wuhan, pilot(2).level(null).build()))
                .allSatisfy(d -> assertThat(d.reasonCode()).isEqualTo("level-not-assessed"));
        assertThat(engine.decide(wuhan, pilot(3).pilotEnterprise(false).build()))
                .allSatisfy(d -> assertThat(d.reasonCode()).isEqualTo("not-pilot-enterprise"));
        assertThat(decision(engine.decide(wuhan, pilot(3).acceptancePassed(false).build()), "wh-level-3-plus")
                .reasonCode()).isEqualTo("acceptance-not-passed");
    }
}
