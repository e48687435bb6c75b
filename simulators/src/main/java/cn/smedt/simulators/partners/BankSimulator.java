package cn.smedt.simulators.partners;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cooperating bank (合作银行): grants 数字贷 loans to pilot enterprises and reports the interest paid each month.
 * Each tick grants one new loan (when an enterprise without one is registered) and reports the next month of
 * every open loan.
 */
public final class BankSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(BankSimulator.class);
    private static final BigDecimal CONTRACT_RATE = new BigDecimal("0.0395");

    private final HubClient hub;
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

    public BankSimulator(HubClient hub, String bankId, Supplier<List<DemoEnterprises.Enterprise>> enterprises,
                         long seed) {
        this.hub = hub;
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
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("bankLoanId", bankId.toUpperCase() + "-" + enterprise.uscc().substring(8, 17) + "-" + run);
            body.put("uscc", enterprise.uscc());
            body.put("product", "DIGITAL_LOAN");
            body.put("principal", principal.toPlainString());
            body.put("startDate", start.toString());
            body.put("maturityDate", maturity.toString());
            body.put("contractRate", "3.9500");
            body.put("purpose", "数字化改造设备及软件采购");
            HubClient.Answer answer = hub.post("/api/v1/loans", body);
            if (answer.ok()) {
                open.add(new OpenLoan(answer.body().path("loanId").asText(), principal, start, maturity));
            } else {
                LOG.warn("hub refused loan for {}: {}", enterprise.uscc(), answer.body());
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("periodStart", loan.next.toString());
        body.put("periodEnd", end.toString());
        body.put("outstandingPrincipal", loan.principal.toPlainString());
        body.put("interestPaid", interest.toPlainString());
        body.put("paidOn", end.toString());
        HubClient.Answer answer = hub.post("/api/v1/loans/" + loan.loanId + "/interest-periods", body);
        if (answer.ok()) {
            loan.next = end;
        } else {
            LOG.warn("hub refused period of {}: {}", loan.loanId, answer.body());
            open.remove(loan);
        }
    }
}
