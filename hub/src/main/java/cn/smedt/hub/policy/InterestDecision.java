package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Eligible interest subsidy of one period, before the per-enterprise ledger (which applies {@link #perEnterpriseCap()}
 * over all banks and loans). Amounts in yuan, scale 2.
 *
 * @param policyId             id of the policy used
 * @param policyVersion        version of the policy used
 * @param ruleId               the INTEREST rule
 * @param tenor                LPR tenor used (by the loan's term)
 * @param lprRate              LPR used, percent per annum (e.g. 3.45); null when the bank is not a cooperating bank
 * @param lprEffectiveFrom     effective date of the LPR entry used; null with {@code lprRate}
 * @param windowStart          start of the subsidised window (the loan start), inclusive
 * @param windowEnd            end of the subsidised window, exclusive: {@code min(loanStart + maxYears, maturity)}
 * @param daysCounted          days of the period inside the window
 * @param periodDays           days of the whole period, {@code periodEnd - periodStart}
 * @param dayCount             day-count divisor (360)
 * @param outstandingPrincipal principal the interest is computed on
 * @param theoreticalInterest  {@code outstandingPrincipal x lprRate / 100 x daysCounted / dayCount}, HALF_UP to fen
 * @param interestPaid         interest the enterprise actually paid for the whole period
 * @param interestPaidInWindow {@code interestPaid x daysCounted / periodDays}, HALF_UP to fen: the interest paid for
 *                             the days that count (all of it when the period lies inside the window)
 * @param eligible             {@code min(interestPaidInWindow, theoreticalInterest)}; 0 when refused
 * @param reasonCode           {@code eligible}, {@code limited-to-interest-paid}, {@code period-outside-subsidy-window},
 *                             {@code no-interest-paid}, {@code bank-not-cooperating},
 *                             {@code policy-not-in-force} (the loan started outside the policy's effective dates)
 * @param perEnterpriseCap     the policy's per-enterprise cap on interest subsidies, for the ledger; null = uncapped
 */
public record InterestDecision(String policyId, String policyVersion, String ruleId, Tenor tenor, BigDecimal lprRate,
                               LocalDate lprEffectiveFrom, LocalDate windowStart, LocalDate windowEnd,
                               long daysCounted, long periodDays, int dayCount, BigDecimal outstandingPrincipal,
                               BigDecimal theoreticalInterest, BigDecimal interestPaid,
                               BigDecimal interestPaidInWindow, BigDecimal eligible, String reasonCode,
                               BigDecimal perEnterpriseCap) {

    /**
     * The arithmetic in one line, for audit logs and partner-facing detail; the interest paid appears prorated
     * ({@code paid P x d/N = p}) only when some days of the period lie outside the window.
     */
    public String formula() {
        if (lprRate == null) {
            return "not computed: " + reasonCode;
        }
        String paid = daysCounted == periodDays ? interestPaid.toPlainString()
                : interestPaid.toPlainString() + " x " + daysCounted + "/" + periodDays + " = "
                + interestPaidInWindow.toPlainString();
        return "min(paid " + paid + ", " + outstandingPrincipal.toPlainString() + " x "
                + lprRate.toPlainString() + "% x " + daysCounted + "/" + dayCount + " = "
                + theoreticalInterest.toPlainString() + ") = " + eligible.toPlainString();
    }
}
