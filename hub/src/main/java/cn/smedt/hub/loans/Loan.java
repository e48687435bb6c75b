package cn.smedt.hub.loans;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A 数字贷 / 数转贷 loan as a cooperating bank submitted it.
 *
 * @param loanId       hub id of the loan
 * @param bankId       partner id of the bank
 * @param bankLoanId   the bank's own reference (unique per bank)
 * @param uscc         borrowing enterprise
 * @param regionCode   the enterprise's county (where the record belongs)
 * @param product      DIGITAL_LOAN (数字贷) or TRANSFORMATION_LOAN (数转贷)
 * @param principal    principal in yuan, 2 places
 * @param startDate    loan start date: selects the LPR in force
 * @param maturityDate contractual maturity
 * @param contractRate contractual annual rate in percent, as the bank stated it (informative)
 * @param purpose      purpose of the loan
 * @param submittedAt  when the hub accepted it
 */
public record Loan(String loanId, String bankId, String bankLoanId, String uscc, String regionCode, String product,
                   BigDecimal principal, LocalDate startDate, LocalDate maturityDate, String contractRate,
                   String purpose, Instant submittedAt) {

    boolean sameTermsAs(Loan other) {
        return bankLoanId.equals(other.bankLoanId) && uscc.equals(other.uscc) && product.equals(other.product)
                && principal.compareTo(other.principal) == 0 && startDate.equals(other.startDate)
                && maturityDate.equals(other.maturityDate)
                && java.util.Objects.equals(contractRate, other.contractRate)
                && java.util.Objects.equals(purpose, other.purpose);
    }
}
