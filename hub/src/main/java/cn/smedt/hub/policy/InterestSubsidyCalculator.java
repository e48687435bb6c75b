package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Eligible interest subsidy of one loan period under a policy's INTEREST rule (e.g. Zhengzhou 数字贷 贴息):
 * <pre>
 * tenor       = maturity &lt;= loanStart + 5 years ? rule.lpr.tenorUpTo5Years : rule.lpr.longer
 * lpr         = LPR table entry in force on loanStart (latest effective date &lt;= loanStart), that tenor, percent
 * window      = [loanStart, min(loanStart + maxYears, maturity))
 * periodDays  = days of [periodStart, periodEnd)
 * days        = days of [periodStart, periodEnd) inside the window
 * paidInside  = interestPaid x days / periodDays                          (HALF_UP to fen; = interestPaid when the
 *                                                                          whole period lies inside the window)
 * theoretical = outstandingPrincipal x lpr / 100 x days / dayCount        (HALF_UP to fen, once, at the end)
 * eligible    = min(paidInside, theoretical)
 * </pre>
 * Nothing (reason {@code policy-not-in-force}) for a loan that started outside the policy's
 * {@code [effectiveFrom, effectiveTo]}; nothing ({@code bank-not-cooperating}) when the rule requires a cooperating
 * bank and the lender is not one.
 * Interest paid is prorated to the days that count, so the amount does not depend on how the bank slices its
 * periods: a period crossing the end of the window gets what the same period split at the window's end gets, up to
 * the rounding to fen of each period's two amounts (at most 0.01 yuan per period).
 * The per-enterprise cap is not applied here: it spans banks and loans and belongs to the ledger
 * ({@link InterestDecision#perEnterpriseCap()}). Plain Java, stateless.
 */
public final class InterestSubsidyCalculator {

    private static final int LONG_TERM_YEARS = 5;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * Computes one period's eligible subsidy.
     *
     * @throws PolicyNotApplicableException when the policy has no INTEREST rule
     * @throws LprNotAvailableException     when the loan started before the LPR table's first entry
     */
    public InterestDecision eligible(Policy policy, LprTable lpr, InterestPeriodFacts f) {
        PolicyRule rule = policy.interestRule().orElseThrow(() -> new PolicyNotApplicableException(
                "policy " + policy.id() + " has no INTEREST rule"));
        InterestTerms terms = rule.interest();
        BigDecimal cap = rule.caps().perEnterprise();
        LocalDate windowEnd = min(f.loanStart().plusYears(terms.maxYears()), f.maturity());
        BigDecimal outstanding = Money.of(f.outstandingPrincipal()).amount();
        BigDecimal paid = Money.of(f.interestPaid()).amount();
        Tenor tenor = f.maturity().isAfter(f.loanStart().plusYears(LONG_TERM_YEARS)) ? terms.longer()
                : terms.tenorUpTo5Years();
        BigDecimal zero = Money.ZERO.amount();

        String refusal = !policy.inForceOn(f.loanStart()) ? "policy-not-in-force"
                : Boolean.TRUE.equals(rule.eligibility().cooperatingBank()) && !f.cooperatingBank()
                ? "bank-not-cooperating" : null;
        if (refusal != null) {
            return new InterestDecision(policy.id(), policy.version(), rule.id(), tenor, null, null, f.loanStart(),
                    windowEnd, 0, periodDays(f), terms.dayCount(), outstanding, zero, paid, zero, zero, refusal, cap);
        }
        LprEntry entry = lpr.entryOn(f.loanStart());
        BigDecimal rate = entry.percent(tenor);

        LocalDate from = max(f.periodStart(), f.loanStart());
        LocalDate to = min(f.periodEnd(), windowEnd);
        long days = from.isBefore(to) ? ChronoUnit.DAYS.between(from, to) : 0;
        long periodDays = periodDays(f);

        BigDecimal theoretical = outstanding.multiply(rate).multiply(BigDecimal.valueOf(days))
                .divide(HUNDRED.multiply(BigDecimal.valueOf(terms.dayCount())), Money.SCALE, Money.ROUNDING);
        BigDecimal paidInside = paid.multiply(BigDecimal.valueOf(days))
                .divide(BigDecimal.valueOf(periodDays), Money.SCALE, Money.ROUNDING);
        BigDecimal eligible = paidInside.min(theoretical);
        String reason;
        if (days == 0) {
            reason = "period-outside-subsidy-window";
        } else if (paid.signum() == 0) {
            reason = "no-interest-paid";
        } else if (paidInside.compareTo(theoretical) < 0) {
            reason = "limited-to-interest-paid";
        } else {
            reason = "eligible";
        }
        return new InterestDecision(policy.id(), policy.version(), rule.id(), tenor, rate, entry.effectiveFrom(),
                f.loanStart(), windowEnd, days, periodDays, terms.dayCount(), outstanding, theoretical, paid,
                paidInside, eligible, reason, cap);
    }

    private static long periodDays(InterestPeriodFacts f) {
        return ChronoUnit.DAYS.between(f.periodStart(), f.periodEnd());
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
