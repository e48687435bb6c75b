package cn.smedt.hub.policy;

import static cn.smedt.hub.policy.Packs.decision;
import static cn.smedt.hub.policy.Packs.yuan;
import static cn.smedt.hub.policy.SpendCategory.DIAGNOSIS;
import static cn.smedt.hub.policy.SpendCategory.SOFTWARE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A pack holds successive versions of one policy (policy.yaml {@code amendments}): the version in force on the date
 * of the fact that triggers it (acceptance date, loan start date) decides and is named by the decision. The
 * amendments here are HYPOTHETICAL (no seed document amends Zhengzhou's plan): the shipped Zhengzhou pack
 * (郑政办〔2024〕10号, in force 2024-03-14) amended from 2025-01-01 (transformation 三(二) at 40% instead of 50%, interest
 * 三(九) for 1 year instead of 2) and again from 2026-01-01 (diagnosis 三(一) cap 50,000 instead of 30,000).
 */
class PolicyVersionsTest {

    private static final String AMENDMENTS = """
            effectiveFrom: "2024-03-14"
            amendments:
              - version: "2"
                effectiveFrom: "2025-01-01"
                source: 郑政办〔2025〕（假设的修订）
                rules:
                  - id: zz-transformation
                    kind: TRANSFORMATION
                    title: 数字化改造补助
                    clause: 三(二)
                    eligibility: { pilotEnterprise: true, minLevel: 2, taskCompleted: true }
                    base: [software, cloudServices, dataCollectionDevices, networkEquipment, automationEquipment,
                           otherHardware, implementationServices]
                    brackets:
                      - { from: 0, rate: "0.40" }
                    caps: { perEnterprise: 2000000 }
                  - id: zz-digital-loan-interest
                    kind: INTEREST
                    title: 数字贷贴息
                    clause: 三(九)
                    eligibility: { cooperatingBank: true }
                    base: interest
                    interest:
                      maxYears: 1
                      dayCount: 360
                      lpr: { tenorUpTo5Years: ONE_YEAR, longer: FIVE_YEAR }
                    caps: { perEnterprise: 500000 }
              - version: "3"
                effectiveFrom: "2026-01-01"
                rules:
                  - id: zz-diagnosis
                    kind: DIAGNOSIS
                    title: 数字化诊断服务后补助
                    clause: 三(一)
                    eligibility: { pilotEnterprise: true, taskCompleted: true }
                    base: [diagnosis]
                    brackets:
                      - { from: 0, rate: "0.70" }
                    caps: { perEnterprise: 50000 }
            """;

    private static final Policy AMENDED = read(zhengzhouYaml() + AMENDMENTS);
    private final PolicyEngine engine = new PolicyEngine();

    private static String zhengzhouYaml() {
        try (InputStream in = PolicyVersionsTest.class.getClassLoader()
                .getResourceAsStream("packs/henan/zhengzhou/policy.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Policy read(String yaml) {
        return PolicyReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    static Stream<Arguments> acceptances() {
        // acceptance date, version, transformation on 1,000,000 software, diagnosis on 60,000 (x 0.70 = 42,000)
        return Stream.of(
                Arguments.of("2024-03-13", "1", "0.00", "0.00"),           // before the plan: policy-not-in-force
                Arguments.of("2024-03-14", "1", "500000.00", "30000.00"),  // first day: 50%, cap 30,000
                Arguments.of("2024-12-31", "1", "500000.00", "30000.00"),  // last day of version 1
                Arguments.of("2025-01-01", "2", "400000.00", "30000.00"),  // amended 三(二): 40%
                Arguments.of("2025-12-31", "2", "400000.00", "30000.00"),
                Arguments.of("2026-01-01", "3", "400000.00", "42000.00"),  // 三(一) cap 50,000; 三(二) carried over
                Arguments.of("2030-06-30", "3", "400000.00", "42000.00"));
    }

    @ParameterizedTest(name = "accepted {0}: version {1}")
    @MethodSource("acceptances")
    void theVersionInForceOnTheAcceptanceDateDecides(String acceptedOn, String version, String transformation,
                                                     String diagnosis) {
        Policy used = AMENDED.versionOn(LocalDate.parse(acceptedOn));
        assertThat(used.id()).isEqualTo("zhengzhou-smedt-2024");
        assertThat(used.version()).isEqualTo(version);
        List<SubsidyDecision> decisions = engine.decide(used, TransformationFacts.builder("91410000170001401D",
                "410181").pilotEnterprise(true).level(2).taskCompleted(true).industry("ZZ-AUTO-PARTS")
                .acceptedOn(LocalDate.parse(acceptedOn)).spend(SOFTWARE, "1000000").spend(DIAGNOSIS, "60000")
                .build());
        assertThat(decision(decisions, "zz-transformation").granted()).isEqualTo(yuan(transformation));
        assertThat(decision(decisions, "zz-diagnosis").granted()).isEqualTo(yuan(diagnosis));
    }

    static Stream<Arguments> loans() {
        // loan start, version, days counted of the period [start + 13 months, + 1 month): 2 years (v1) or 1 (v2+)
        return Stream.of(
                Arguments.of("2024-06-01", "1", 31L),   // [2025-07-01, 2025-08-01) inside 2 years
                Arguments.of("2024-12-31", "1", 28L),   // [2026-01-31, 2026-02-28)
                Arguments.of("2025-01-01", "2", 0L),    // 1 year: the period lies after it
                Arguments.of("2026-02-01", "3", 0L));
    }

    @ParameterizedTest(name = "loan of {0}: version {1}")
    @MethodSource("loans")
    void theVersionInForceOnTheLoanStartDecidesTheInterestWindow(String loanStart, String version, long days) {
        LocalDate start = LocalDate.parse(loanStart);
        Policy used = AMENDED.versionOn(start);
        assertThat(used.version()).isEqualTo(version);
        LocalDate periodStart = start.plusMonths(13);
        InterestDecision decision = new InterestSubsidyCalculator().eligible(used, Packs.LPR,
                new InterestPeriodFacts(start, start.plusYears(3), yuan("1000000"), periodStart,
                        periodStart.plusMonths(1), yuan("1000000"), yuan("5000.00"), true));
        assertThat(decision.policyVersion()).isEqualTo(version);
        assertThat(decision.daysCounted()).isEqualTo(days);
        assertThat(decision.reasonCode()).isEqualTo(days == 0 ? "period-outside-subsidy-window" : "eligible");
    }

    @Test
    void eachVersionEndsTheDayBeforeTheNextAndTheUnamendedPackHasOne() {
        assertThat(AMENDED.effectiveTo()).isEqualTo(LocalDate.parse("2024-12-31"));
        assertThat(AMENDED.amendments()).extracting(Policy::version).containsExactly("2", "3");
        assertThat(AMENDED.amendments().get(0).effectiveTo()).isEqualTo(LocalDate.parse("2025-12-31"));
        assertThat(AMENDED.amendments().get(0).source()).isEqualTo("郑政办〔2025〕（假设的修订）");
        assertThat(AMENDED.amendments().get(1).effectiveTo()).isNull();
        assertThat(AMENDED.amendments().get(1).source()).isEqualTo(AMENDED.source());
        assertThat(AMENDED.amendments().get(1).rules()).extracting(PolicyRule::id)
                .isEqualTo(AMENDED.rules().stream().map(PolicyRule::id).toList());
        assertThat(Packs.zhengzhou().amendments()).isEmpty();
        assertThat(Packs.zhengzhou().versionOn(LocalDate.parse("2030-01-01"))).isSameAs(Packs.zhengzhou());
    }

    @Test
    void amendmentsOutOfOrderOrReusingAVersionAreRefused() {
        assertThatThrownBy(() -> read(zhengzhouYaml() + """
                effectiveFrom: "2024-03-14"
                amendments:
                  - { version: "2", effectiveFrom: "2025-01-01" }
                  - { version: "3", effectiveFrom: "2025-01-01" }
                """)).isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("amendments")
                .hasMessageContaining("must be after 2025-01-01");
        assertThatThrownBy(() -> read(zhengzhouYaml() + """
                amendments:
                  - { version: "1", effectiveFrom: "2025-01-01" }
                """)).isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("already used");
    }
}
