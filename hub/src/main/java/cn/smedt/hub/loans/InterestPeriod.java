package cn.smedt.hub.loans;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Interest a bank reports as actually paid for one period of a loan.
 *
 * @param periodId             hub id of the period record
 * @param loanId               the loan
 * @param periodStart          first day of the period (inclusive)
 * @param periodEnd            end of the period (exclusive): days = periodEnd - periodStart
 * @param outstandingPrincipal principal outstanding during the period, yuan
 * @param interestPaid         interest the enterprise actually paid for the period, yuan
 * @param paidOn               payment date
 * @param status               RECEIVED until decided, then DECIDED
 * @param submittedAt          when the hub accepted it
 */
public record InterestPeriod(String periodId, String loanId, LocalDate periodStart, LocalDate periodEnd,
                             BigDecimal outstandingPrincipal, BigDecimal interestPaid, LocalDate paidOn,
                             String status, Instant submittedAt) {

    boolean sameAs(InterestPeriod other) {
        return periodStart.equals(other.periodStart) && periodEnd.equals(other.periodEnd)
                && outstandingPrincipal.compareTo(other.outstandingPrincipal) == 0
                && interestPaid.compareTo(other.interestPaid) == 0
                && java.util.Objects.equals(paidOn, other.paidOn);
    }
}
