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
 * @param dayCount             day-count divisor (360)
 * @param outstandingPrincipal principal the interest is computed on
 * @param theoreticalInterest  {@code outstandingPrincipal x lprRate / 100 x daysCounted / dayCount}, HALF_UP to fen
 * @param interestPaid         interest the enterprise actually paid
 * @param eligible             {@code min(interestPaid, theoreticalInterest)}; 0 when refused
 * @param reasonCode           {@code eligible}, {@code limited-to-interest-paid}, {@code period-outside-subsidy-window},
 *                             {@code no-interest-paid}, {@code bank-not-cooperating}
 * @param perEnterpriseCap     the policy's per-enterprise cap on interest subsidies, for the ledger; null = uncapped
 */
public record InterestDecision(String policyId, String policyVersion, String ruleId, Tenor tenor, BigDecimal lprRate,
                               LocalDate lprEffectiveFrom, LocalDate windowStart, LocalDate windowEnd,
                               long daysCounted, int dayCount, BigDecimal outstandingPrincipal,
                               BigDecimal theoreticalInterest, BigDecimal interestPaid, BigDecimal eligible,
                               String reasonCode, BigDecimal perEnterpriseCap) {

    /** The arithmetic in one line, for audit logs and partner-facing detail. */
    public String formula() {
        if (lprRate == null) {
            return "not computed: " + reasonCode;
        }
        return "min(paid " + interestPaid.toPlainString() + ", " + outstandingPrincipal.toPlainString() + " x "
                + lprRate.toPlainString() + "% x " + daysCounted + "/" + dayCount + " = "
                + theoreticalInterest.toPlainString() + ") = " + eligible.toPlainString();
    }
}
