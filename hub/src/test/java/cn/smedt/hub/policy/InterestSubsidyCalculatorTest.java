package cn.smedt.hub.policy;

import static cn.smedt.hub.policy.Packs.yuan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Zhengzhou 三(九) 数字贷贴息: LPR on the loan date, days/360, first 2 years, min with interest paid. */
class InterestSubsidyCalculatorTest {

    private final InterestSubsidyCalculator calculator = new InterestSubsidyCalculator();
    private final Policy zhengzhou = Packs.zhengzhou();

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private InterestDecision period(String start, String maturity, String from, String to, String outstanding,
                                    String paid) {
        return calculator.eligible(zhengzhou, Packs.LPR, new InterestPeriodFacts(d(start), d(maturity),
                yuan("1000000"), d(from), d(to), yuan(outstanding), yuan(paid), true));
    }

    @Test
    void usesTheLprInForceOnTheLoanDateAndDaysOver360() {
        // loan 2024-03-01 (1 year): entry 2024-02-20, 1-year 3.45%
        // 2024-03-01 .. 2024-04-01 = 31 days: 1,000,000 x 3.45% x 31 / 360 = 1,069,500 / 360 = 2,970.8333 -> 2,970.83
        InterestDecision r = period("2024-03-01", "2025-03-01", "2024-03-01", "2024-04-01", "1000000", "3000.00");
        assertThat(r.lprRate()).isEqualByComparingTo("3.45");
        assertThat(r.lprEffectiveFrom()).isEqualTo(d("2024-02-20"));
        assertThat(r.tenor()).isEqualTo(Tenor.ONE_YEAR);
        assertThat(r.daysCounted()).isEqualTo(31);
        assertThat(r.theoreticalInterest()).isEqualTo(yuan("2970.83"));
        assertThat(r.eligible()).isEqualTo(yuan("2970.83"));
        assertThat(r.reasonCode()).isEqualTo("eligible");
        assertThat(r.perEnterpriseCap()).isEqualTo(yuan("500000.00"));
        assertThat(r.policyId()).isEqualTo("zhengzhou-smedt-2024");
        assertThat(r.ruleId()).isEqualTo("zz-digital-loan-interest");
        assertThat(r.formula()).isEqualTo("min(paid 3000.00, 1000000.00 x 3.45% x 31/360 = 2970.83) = 2970.83");
    }

    @Test
    void isExactToTheFen() {
        // 987,654.32 x 3.45 = 3,407,407.404; x 30 days = 102,222,222.12; / 36,000 = 2,839.5061... -> 2,839.51
        InterestDecision r = period("2024-03-01", "2025-03-01", "2024-04-01", "2024-05-01", "987654.32", "9000.00");
        assertThat(r.daysCounted()).isEqualTo(30);
        assertThat(r.eligible()).isEqualTo(yuan("2839.51"));
    }

    @Test
    void neverMoreThanTheInterestActuallyPaid() {
        InterestDecision r = period("2024-03-01", "2025-03-01", "2024-03-01", "2024-04-01", "1000000", "2500.00");
        assertThat(r.theoreticalInterest()).isEqualTo(yuan("2970.83"));
        assertThat(r.eligible()).isEqualTo(yuan("2500.00"));
        assertThat(r.reasonCode()).isEqualTo("limited-to-interest-paid");
    }

    @Test
    void aPeriodStraddlingTheTwoYearBoundaryCountsOnlyTheDaysInside() {
        // loan 2024-03-01 .. 2027-03-01 (3 years <= 5: 1-year LPR 3.45); window [2024-03-01, 2026-03-01)
        // period [2026-02-01, 2026-04-01): inside = 2026-02-01 .. 2026-03-01 = 28 days
        // 500,000 x 3.45% x 28 / 360 = 48,300,000 / 36,000 = 1,341.6666 -> 1,341.67
        InterestDecision r = period("2024-03-01", "2027-03-01", "2026-02-01", "2026-04-01", "500000", "5000.00");
        assertThat(r.windowEnd()).isEqualTo(d("2026-03-01"));
        assertThat(r.daysCounted()).isEqualTo(28);
        assertThat(r.eligible()).isEqualTo(yuan("1341.67"));

        InterestDecision after = period("2024-03-01", "2027-03-01", "2026-03-01", "2026-04-01", "500000", "1500.00");
        assertThat(after.daysCounted()).isZero();
        assertThat(after.eligible()).isEqualTo(yuan("0.00"));
        assertThat(after.reasonCode()).isEqualTo("period-outside-subsidy-window");
    }

    @Test
    void aLoanShorterThanTwoYearsIsSubsidisedForItsActualTerm() {
        // 6-month loan: window ends at maturity 2024-09-01; period [2024-08-01, 2024-10-01) -> 31 days inside
        InterestDecision r = period("2024-03-01", "2024-09-01", "2024-08-01", "2024-10-01", "1000000", "6000.00");
        assertThat(r.windowEnd()).isEqualTo(d("2024-09-01"));
        assertThat(r.daysCounted()).isEqualTo(31);
        assertThat(r.eligible()).isEqualTo(yuan("2970.83"));
    }

    @Test
    void termsLongerThanFiveYearsUseTheFiveYearRate() {
        // loan 2024-03-01 .. 2030-03-01 (6 years): 5-year LPR 3.95 (entry 2024-02-20)
        // 1,000,000 x 3.95% x 31 / 360 = 122,450,000 / 36,000 = 3,401.3888 -> 3,401.39
        InterestDecision r = period("2024-03-01", "2030-03-01", "2024-03-01", "2024-04-01", "1000000", "4000.00");
        assertThat(r.tenor()).isEqualTo(Tenor.FIVE_YEAR);
        assertThat(r.lprRate()).isEqualByComparingTo("3.95");
        assertThat(r.eligible()).isEqualTo(yuan("3401.39"));
        // exactly 5 years is still "up to 5 years"
        assertThat(period("2024-03-01", "2029-03-01", "2024-03-01", "2024-04-01", "1000000", "4000.00").tenor())
                .isEqualTo(Tenor.ONE_YEAR);
    }

    @Test
    void theEntryTakesEffectOnItsDate() {
        assertThat(period("2024-07-22", "2025-07-22", "2024-08-01", "2024-09-01", "1000000", "9000").lprRate())
                .isEqualByComparingTo("3.35");
        assertThat(period("2024-07-21", "2025-07-21", "2024-08-01", "2024-09-01", "1000000", "9000").lprRate())
                .isEqualByComparingTo("3.45");
    }

    @Test
    void aLoanBeforeTheFirstLprEntryIsRefused() {
        assertThatThrownBy(() -> period("2022-08-21", "2023-08-21", "2022-09-01", "2022-10-01", "1000000", "3000"))
                .isInstanceOf(LprNotAvailableException.class)
                .hasMessageContaining("2022-08-21").hasMessageContaining("2022-08-22");
    }

    @Test
    void aBankThatIsNotCooperatingGetsNothing() {
        InterestDecision r = calculator.eligible(zhengzhou, Packs.LPR, new InterestPeriodFacts(d("2024-03-01"),
                d("2025-03-01"), yuan("1000000"), d("2024-03-01"), d("2024-04-01"), yuan("1000000"),
                yuan("3000"), false));
        assertThat(r.eligible()).isEqualTo(yuan("0.00"));
        assertThat(r.reasonCode()).isEqualTo("bank-not-cooperating");
    }

    @Test
    void refusesImpossibleFactsAndPoliciesWithoutInterestRule() {
        assertThatThrownBy(() -> new InterestPeriodFacts(d("2024-03-01"), d("2025-03-01"), yuan("1000"),
                d("2024-04-01"), d("2024-04-01"), yuan("1000"), yuan("1"), true))
                .isInstanceOf(InvalidFactsException.class).hasMessageContaining("periodEnd");
        assertThatThrownBy(() -> new InterestPeriodFacts(d("2024-03-01"), d("2025-03-01"), yuan("1000"),
                d("2024-03-01"), d("2024-04-01"), yuan("1000.01"), yuan("1"), true))
                .isInstanceOf(InvalidFactsException.class).hasMessageContaining("outstandingPrincipal");
        assertThatThrownBy(() -> calculator.eligible(Packs.wuhan(), Packs.LPR, new InterestPeriodFacts(
                d("2024-03-01"), d("2025-03-01"), yuan("1000"), d("2024-03-01"), d("2024-04-01"), yuan("1000"),
                yuan("1"), true))).isInstanceOf(PolicyNotApplicableException.class);
    }
}
