package cn.smedt.hub.policy;

import static cn.smedt.hub.policy.Packs.yuan;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Zhengzhou 数字贷, seed 002 三(九): "对符合条件的给予不超过2年贴息补助(贷款期限不足2年的,按实际贷款期限计算),
 * 按贷款时的贷款市场报价利率(LPR)补贴". Cases worked out by hand: the window is [loan start, min(start + 2 years,
 * maturity)); only the days of a period inside it count; the interest paid is prorated to those days
 * (paid x days inside / days of the period, HALF_UP to fen) before the min with LPR x days / 360.
 * All loans start 2024-03-01: LPR entry 2024-02-20, 1-year 3.45% (terms up to 5 years).
 */
class InterestDayRuleTest {

    private final InterestSubsidyCalculator calculator = new InterestSubsidyCalculator();
    private final Policy zhengzhou = Packs.zhengzhou();

    /**
     * One hand-worked case.
     *
     * @param name        what it shows, with its arithmetic in the table below
     * @param maturity    loan maturity (start is 2024-03-01)
     * @param from        period start
     * @param to          period end (exclusive)
     * @param outstanding outstanding principal
     * @param paid        interest paid for the whole period
     * @param daysInside  expected days inside the window
     * @param periodDays  expected days of the period
     * @param paidInside  expected prorated interest paid
     * @param theoretical expected LPR interest for the days inside
     * @param eligible    expected eligible amount
     * @param reason      expected reason code
     */
    record Case(String name, String maturity, String from, String to, String outstanding, String paid,
                long daysInside, long periodDays, String paidInside, String theoretical, String eligible,
                String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // [2024-03-01, 2025-03-01) = 365 days, all inside [2024-03-01, 2026-03-01)
                // theoretical 1,000,000 x 3.45% x 365 / 360 = 12,592,500 / 360 = 34,979.1666 -> 34,979.17
                // paid 36,000.00 x 365/365 = 36,000.00; min = 34,979.17
                new Case("a whole first year inside the window", "2027-03-01", "2024-03-01", "2025-03-01",
                        "1000000", "36000.00", 365, 365, "36000.00", "34979.17", "34979.17", "eligible"),
                // 3-year loan, window ends 2026-03-01; period [2026-01-01, 2026-04-01) = 31 + 28 + 31 = 90 days,
                // inside [2026-01-01, 2026-03-01) = 59 days
                // paid 9,000.00 x 59 / 90 = 5,900.00; theoretical 34,500 x 59 / 360 = 2,035,500 / 360 = 5,654.1666
                // -> 5,654.17; min = 5,654.17
                new Case("a period crossing the 2-year mark", "2027-03-01", "2026-01-01", "2026-04-01",
                        "1000000", "9000.00", 59, 90, "5900.00", "5654.17", "5654.17", "eligible"),
                // same period, a low contract rate: paid 6,000.00 for 90 days; for the 59 days inside the firm paid
                // 6,000 x 59 / 90 = 3,933.333 -> 3,933.33 (comparing with the whole 6,000.00 would grant 5,654.17,
                // more than the interest paid for the days that count)
                new Case("crossing the mark, limited to the interest paid for the days inside", "2027-03-01",
                        "2026-01-01", "2026-04-01", "1000000", "6000.00", 59, 90, "3933.33", "5654.17", "3933.33",
                        "limited-to-interest-paid"),
                // "贷款期限不足2年的,按实际贷款期限计算": 1-year loan, window [2024-03-01, 2025-03-01); period
                // [2025-01-01, 2025-04-01) = 90 days, 59 before maturity: same arithmetic as the 2-year mark
                new Case("a loan shorter than 2 years: the window ends at maturity", "2025-03-01", "2025-01-01",
                        "2025-04-01", "1000000", "9000.00", 59, 90, "5900.00", "5654.17", "5654.17", "eligible"),
                // [2026-02-15, 2026-03-15) = 14 + 14 = 28 days, 14 inside
                // paid 2,500.01 x 14 / 28 = 1,250.005 -> HALF_UP 1,250.01
                // theoretical 987,654.32 x 3.45 = 3,407,407.404; x 14 = 47,703,703.656; / 36,000 = 1,325.1028
                // -> 1,325.10; min = 1,250.01
                new Case("prorated interest paid rounds HALF_UP to the fen", "2027-03-01", "2026-02-15",
                        "2026-03-15", "987654.32", "2500.01", 14, 28, "1250.01", "1325.10", "1250.01",
                        "limited-to-interest-paid"),
                // [2026-03-01, 2026-04-01): no day inside; 3,100.00 x 0 / 31 = 0.00
                new Case("a period after the mark", "2027-03-01", "2026-03-01", "2026-04-01", "1000000",
                        "3100.00", 0, 31, "0.00", "0.00", "0.00", "period-outside-subsidy-window"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void daysInsideTheWindowAndProratedInterestPaid(Case c) {
        InterestDecision r = decide(c.maturity(), c.from(), c.to(), c.outstanding(), c.paid());
        assertThat(r.daysCounted()).isEqualTo(c.daysInside());
        assertThat(r.periodDays()).isEqualTo(c.periodDays());
        assertThat(r.interestPaid()).isEqualTo(yuan(c.paid()));
        assertThat(r.interestPaidInWindow()).isEqualTo(yuan(c.paidInside()));
        assertThat(r.theoreticalInterest()).isEqualTo(yuan(c.theoretical()));
        assertThat(r.eligible()).isEqualTo(yuan(c.eligible()));
        assertThat(r.reasonCode()).isEqualTo(c.reason());
    }

    @Test
    void theFormulaShowsTheProration() {
        assertThat(decide("2027-03-01", "2026-01-01", "2026-04-01", "1000000", "6000.00").formula()).isEqualTo(
                "min(paid 6000.00 x 59/90 = 3933.33, 1000000.00 x 3.45% x 59/360 = 5654.17) = 3933.33");
    }

    @Test
    void aPeriodCrossingTheMarkGetsWhatItsTwoHalvesGet() {
        // one period [2026-01-01, 2026-04-01), paid 6,000.00: 3,933.33 (above)
        // split at the mark: [2026-01-01, 2026-03-01) paid 3,933.33 -> min(3,933.33, 5,654.17) = 3,933.33;
        //                    [2026-03-01, 2026-04-01) paid 2,066.67 -> 0 days inside -> 0.00
        BigDecimal whole = decide("2027-03-01", "2026-01-01", "2026-04-01", "1000000", "6000.00").eligible();
        BigDecimal split = decide("2027-03-01", "2026-01-01", "2026-03-01", "1000000", "3933.33").eligible()
                .add(decide("2027-03-01", "2026-03-01", "2026-04-01", "1000000", "2066.67").eligible());
        assertThat(split).isEqualTo(whole).isEqualTo(yuan("3933.33"));
    }

    @Test
    void howTheBankSlicesItsPeriodsMovesTheTotalByAtMostOneFenPerPeriod() {
        // 2,000,000.00 outstanding of a 3-year loan, paid at 3.60% (more than the LPR of 3.45%, so the LPR decides),
        // 2025-12-01 .. 2026-05-01 (151 days, 90 inside the window); the bank splits the interest by days, rounding
        // each slice to the fen and giving the last the rest. Whatever the slicing, the total is that of one period
        // within 0.01 x number of slices: each slice rounds its prorated interest paid and its LPR interest once.
        LocalDate start = LocalDate.parse("2025-12-01");
        LocalDate end = LocalDate.parse("2026-05-01");
        BigDecimal paid = yuan("2000000").multiply(new BigDecimal("0.036"))
                .multiply(BigDecimal.valueOf(ChronoUnit.DAYS.between(start, end)))
                .divide(BigDecimal.valueOf(360), 2, RoundingMode.HALF_UP);
        // 2,000,000 x 3.45% x 90 / 360 = 17,250.00; paid 30,200.00 x 90 / 151 = 18,000.00
        BigDecimal whole = slicedTotal(start, end, paid, List.of(end));
        assertThat(whole).isEqualTo(yuan("17250.00"));
        for (List<LocalDate> cuts : List.of(
                List.of(d("2026-03-01"), end),                                          // at the mark
                List.of(d("2026-01-01"), d("2026-02-01"), d("2026-03-01"), d("2026-04-01"), end),  // monthly
                List.of(d("2026-02-17"), d("2026-03-02"), end),                         // odd cuts
                List.of(d("2025-12-31"), d("2026-02-28"), d("2026-03-01"), end))) {     // a 1-day slice
            BigDecimal total = slicedTotal(start, end, paid, cuts);
            assertThat(total.subtract(whole).abs()).as("cuts %s: %s vs %s", cuts, total, whole)
                    .isLessThanOrEqualTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(cuts.size())));
        }
    }

    private BigDecimal slicedTotal(LocalDate start, LocalDate end, BigDecimal paid, List<LocalDate> cuts) {
        long days = ChronoUnit.DAYS.between(start, end);
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        BigDecimal paidSoFar = BigDecimal.ZERO.setScale(2);
        LocalDate from = start;
        for (LocalDate to : cuts) {
            BigDecimal slicePaid = to.equals(end) ? paid.subtract(paidSoFar)
                    : paid.multiply(BigDecimal.valueOf(ChronoUnit.DAYS.between(start, to)))
                    .divide(BigDecimal.valueOf(days), 2, RoundingMode.HALF_UP).subtract(paidSoFar);
            paidSoFar = paidSoFar.add(slicePaid);
            total = total.add(decide("2027-03-01", from.toString(), to.toString(), "2000000",
                    slicePaid.toPlainString()).eligible());
            from = to;
        }
        return total;
    }

    private InterestDecision decide(String maturity, String from, String to, String outstanding, String paid) {
        return calculator.eligible(zhengzhou, Packs.LPR, new InterestPeriodFacts(d("2024-03-01"), d(maturity),
                yuan("5000000"), d(from), d(to), yuan(outstanding), yuan(paid), true));
    }

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }
}
