package cn.smedt.hub.policy;

import static cn.smedt.hub.policy.Packs.decision;
import static cn.smedt.hub.policy.Packs.yuan;
import static cn.smedt.hub.policy.SpendCategory.SOFTWARE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * A policy applies to facts dated within its {@code effectiveFrom} .. {@code effectiveTo} (both inclusive), judged by
 * the date of the fact that triggers it: the loan start date for 数字贷 interest, the acceptance date for a
 * transformation (Yongkang: "本意见自2023年9月25日起施行").
 */
class PolicyValidityTest {

    private final Policy zhengzhou = Packs.zhengzhou();

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private Policy zhengzhouInForce(String from, String to) {
        Policy z = zhengzhou;
        return new Policy(z.id(), z.version(), z.region(), z.name(), z.currency(), z.source(), d(from), d(to),
                z.parameters(), z.rules(), z.origin());
    }

    private static InterestDecision interest(Policy policy, String loanStart) {
        LocalDate start = d(loanStart);
        return new InterestSubsidyCalculator().eligible(policy, Packs.LPR, new InterestPeriodFacts(start,
                start.plusYears(1), yuan("1000000"), start, start.plusDays(30), yuan("1000000"), yuan("3000.00"),
                true));
    }

    @Test
    void aLoanThatStartedOutsideTheEffectiveDatesGetsNoInterestSubsidy() {
        Policy policy = zhengzhouInForce("2024-03-14", "2024-12-31");
        // before and after: nothing, reason policy-not-in-force
        for (String start : new String[] {"2024-03-13", "2025-01-01"}) {
            InterestDecision r = interest(policy, start);
            assertThat(r.reasonCode()).as(start).isEqualTo("policy-not-in-force");
            assertThat(r.eligible()).isEqualTo(yuan("0.00"));
            assertThat(r.formula()).isEqualTo("not computed: policy-not-in-force");
        }
        // on either bound: computed (1,000,000 x 3.45% x 30 / 360 = 2,875.00 < 3,000.00 paid)
        assertThat(interest(policy, "2024-03-14").eligible()).isEqualTo(yuan("2875.00"));
        // 2024-12-31: LPR of 2024-10-21, 1-year 3.10%: 1,000,000 x 3.10% x 30 / 360 = 2,583.33
        assertThat(interest(policy, "2024-12-31").eligible()).isEqualTo(yuan("2583.33"));
    }

    @Test
    void anAcceptanceBeforeYongkangsEffectiveDateGetsNothing() {
        Policy yongkang = Packs.yongkang();
        assertThat(yongkang.effectiveTo()).isNull();
        TransformationFacts.Builder firm = TransformationFacts.builder("91330784MA2XXXXX0X", "330784")
                .industry("YK-SECURITY-DOOR").scale(EnterpriseScale.ABOVE_DESIGNATED_SIZE).acceptancePassed(true)
                .taskCompleted(true).spend(SOFTWARE, "400000");
        SubsidyDecision before = decision(new PolicyEngine().decide(yongkang,
                firm.acceptedOn(d("2023-09-24")).build()), "yk-n-plus-x");
        assertThat(before.granted()).isEqualTo(yuan("0.00"));
        assertThat(before.reasonCode()).isEqualTo("policy-not-in-force");
        // from 2023-09-25 ("本意见自2023年9月25日起施行"): 400,000 x 0.40 = 160,000.00
        SubsidyDecision onTheDay = decision(new PolicyEngine().decide(yongkang,
                firm.acceptedOn(d("2023-09-25")).build()), "yk-n-plus-x");
        assertThat(onTheDay.granted()).isEqualTo(yuan("160000.00"));
    }

    @Test
    void effectiveToIsReadAndMayNotPrecedeEffectiveFrom() {
        assertThat(read("effectiveFrom: 2024-03-14\neffectiveTo: 2025-12-31").effectiveTo())
                .isEqualTo(d("2025-12-31"));
        assertThat(read("").inForceOn(d("1900-01-01"))).isTrue();
        assertThatThrownBy(() -> read("effectiveFrom: 2024-03-14\neffectiveTo: 2024-03-13"))
                .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("effectiveTo")
                .hasMessageContaining("before effectiveFrom");
    }

    /** The test copy of the Zhengzhou pack's policy with these date lines after its {@code source}. */
    private static Policy read(String dates) {
        String resource = "policy/override/henan/zhengzhou/policy.yaml";
        try (InputStream in = PolicyValidityTest.class.getClassLoader().getResourceAsStream(resource)) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replaceFirst("(?m)^source: .*$", "$0\n" + dates);
            return PolicyReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
