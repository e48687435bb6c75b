package cn.smedt.simulators.partners;

import cn.smedt.sdk.HubProblemException;
import cn.smedt.sdk.HubSdk;
import cn.smedt.sdk.client.ApiException;
import cn.smedt.sdk.loans.LoansApi;
import cn.smedt.sdk.loans.model.InterestPeriodSubmission;
import cn.smedt.sdk.loans.model.LoanAccepted;
import cn.smedt.sdk.loans.model.LoanSubmission;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cooperating bank (合作银行): grants 数字贷 loans to pilot enterprises and reports the interest paid each month.
 * Each tick grants one new loan (when an enterprise without one is registered) and reports the next month of
 * every open loan. Calls the hub through the partner SDK (operations submitLoan, submitInterestPeriod).
 */
public final class BankSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(BankSimulator.class);
    private static final BigDecimal CONTRACT_RATE = new BigDecimal("0.0395");

    private final LoansApi hub;
    private final String bankId;
    private final Supplier<List<DemoEnterprises.Enterprise>> enterprises;
    private final Random random;
    /** Makes this run's loan ids its own, so a restarted demo on the same data still grants new loans. */
    private final String run;
    private final List<OpenLoan> open = new ArrayList<>();
    private final java.util.Set<String> borrowers = new java.util.HashSet<>();

    private static final class OpenLoan {
        final String loanId;
        final BigDecimal principal;
        LocalDate next;
        final LocalDate maturity;

        OpenLoan(String loanId, BigDecimal principal, LocalDate start, LocalDate maturity) {
            this.loanId = loanId;
            this.principal = principal;
            this.next = start;
            this.maturity = maturity;
        }
    }

    public BankSimulator(HubSdk hub, String bankId, Supplier<List<DemoEnterprises.Enterprise>> enterprises,
                         long seed) {
        this.hub = hub.api(LoansApi::new);
        this.bankId = bankId;
        this.enterprises = enterprises;
        this.random = new Random(seed);
        this.run = RunLabel.now();
    }

    public void tick() throws IOException, InterruptedException {
        grantOneLoan();
        for (OpenLoan loan : List.copyOf(open)) {
            reportMonth(loan);
        }
    }

    private void grantOneLoan() throws IOException, InterruptedException {
        for (DemoEnterprises.Enterprise enterprise : enterprises.get()) {
            if (!enterprise.pilot() || !borrowers.add(enterprise.uscc())) {
                continue;
            }
            BigDecimal principal = BigDecimal.valueOf(500_000L + 100_000L * random.nextInt(50)).setScale(2);
            LocalDate start = LocalDate.of(2024, 1 + random.nextInt(12), 1);
            LocalDate maturity = start.plusYears(2 + random.nextInt(2));
            LoanSubmission loan = new LoanSubmission()
                    .bankLoanId(bankId.toUpperCase() + "-" + enterprise.uscc().substring(8, 17) + "-" + run)
                    .uscc(enterprise.uscc())
                    .product("DIGITAL_LOAN")
                    .principal(principal.toPlainString())
                    .startDate(start)
                    .maturityDate(maturity)
                    .contractRate("3.9500")
                    .purpose("数字化改造设备及软件采购");
            try {
                LoanAccepted accepted = hub.submitLoan(HubSdk.newIdempotencyKey(), loan);
                open.add(new OpenLoan(accepted.getLoanId(), principal, start, maturity));
            } catch (HubProblemException refused) {
                LOG.warn("hub refused loan for {}: {}", enterprise.uscc(), refused.body());
            } catch (ApiException e) {
                throw new IOException("loan for " + enterprise.uscc() + " not sent: " + e.getMessage(), e);
            }
            return;
        }
    }

    private void reportMonth(OpenLoan loan) throws IOException, InterruptedException {
        if (!loan.next.isBefore(loan.maturity)) {
            open.remove(loan);
            return;
        }
        LocalDate end = loan.next.plusMonths(1);
        long days = java.time.temporal.ChronoUnit.DAYS.between(loan.next, end);
        BigDecimal interest = loan.principal.multiply(CONTRACT_RATE).multiply(BigDecimal.valueOf(days))
                .divide(BigDecimal.valueOf(360), 2, RoundingMode.HALF_UP);
        InterestPeriodSubmission period = new InterestPeriodSubmission()
                .periodStart(loan.next)
                .periodEnd(end)
                .outstandingPrincipal(loan.principal.toPlainString())
                .interestPaid(interest.toPlainString())
                .paidOn(end);
        try {
            hub.submitInterestPeriod(loan.loanId, HubSdk.newIdempotencyKey(), period);
            loan.next = end;
        } catch (HubProblemException refused) {
            LOG.warn("hub refused period of {}: {}", loan.loanId, refused.body());
            open.remove(loan);
        } catch (ApiException e) {
            throw new IOException("period of " + loan.loanId + " not sent: " + e.getMessage(), e);
        }
    }
}
