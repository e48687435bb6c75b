package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One interest period of a loan, as a bank reports it.
 *
 * @param loanStart            date the loan was drawn (its LPR is the one in force on this date)
 * @param maturity             contractual maturity date (after {@code loanStart})
 * @param principal            loan principal, yuan
 * @param periodStart          first day of the period, inclusive
 * @param periodEnd            day after the period's last day (exclusive)
 * @param outstandingPrincipal principal outstanding during the period, yuan (at most {@code principal})
 * @param interestPaid         interest the enterprise actually paid for the period, yuan
 * @param cooperatingBank      the lending bank is one of the programme's cooperating banks (合作银行)
 */
public record InterestPeriodFacts(LocalDate loanStart, LocalDate maturity, BigDecimal principal,
                                  LocalDate periodStart, LocalDate periodEnd, BigDecimal outstandingPrincipal,
                                  BigDecimal interestPaid, boolean cooperatingBank) {

    public InterestPeriodFacts {
        if (loanStart == null || maturity == null || !maturity.isAfter(loanStart)) {
            throw new InvalidFactsException("maturity", "must be after loanStart");
        }
        if (periodStart == null || periodEnd == null || !periodEnd.isAfter(periodStart)) {
            throw new InvalidFactsException("periodEnd", "must be after periodStart (periodEnd is exclusive)");
        }
        nonNegative("principal", principal);
        nonNegative("outstandingPrincipal", outstandingPrincipal);
        nonNegative("interestPaid", interestPaid);
        if (outstandingPrincipal.compareTo(principal) > 0) {
            throw new InvalidFactsException("outstandingPrincipal", "exceeds the principal");
        }
    }

    private static void nonNegative(String name, BigDecimal value) {
        if (value == null || value.signum() < 0) {
            throw new InvalidFactsException(name, "must be a non-negative amount");
        }
    }
}
