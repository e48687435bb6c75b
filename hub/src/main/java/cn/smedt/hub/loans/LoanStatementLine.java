package cn.smedt.hub.loans;

import java.math.BigDecimal;

/**
 * A bank's interest decisions of one loan in a statement's month, summed.
 *
 * @param uscc       the enterprise
 * @param loanId     the hub's loan id
 * @param bankLoanId the bank's own id of the loan
 * @param decisions  number of decisions
 * @param eligible   sum of what the policy allowed, yuan, scale 2
 * @param granted    sum of what was granted under the cap, yuan, scale 2
 */
record LoanStatementLine(String uscc, String loanId, String bankLoanId, long decisions, BigDecimal eligible,
                         BigDecimal granted) {
}
