package cn.smedt.hub.loans;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.HubDocumentSigner;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.node.ProgrammeCalendar;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reconciliation for cooperating banks (operations listLoanDecisions, getLoanStatement): a bank's own interest
 * decisions of a range of days in China, a page at a time in a stable order, and its monthly statement (totals per
 * enterprise and loan) signed by the hub key ({@link HubDocumentSigner}).
 */
@Component
public class LoanReconciliation {

    /** Decisions per page when the bank names no limit. */
    static final int DEFAULT_LIMIT = 100;
    /** Longest range of one listing, in days. */
    static final long MAX_RANGE_DAYS = 366;

    private final LoanRepository loans;
    private final HubDocumentSigner signer;
    private final ProgrammeCalendar calendar;
    private final Clock clock;

    LoanReconciliation(LoanRepository loans, HubDocumentSigner signer, ProgrammeCalendar calendar, Clock clock) {
        this.loans = loans;
        this.signer = signer;
        this.calendar = calendar;
        this.clock = clock;
    }

    /**
     * The bank's statement of one month.
     *
     * @param bankId      the bank
     * @param month       YYYY-MM
     * @param from        its first day
     * @param to          its last day
     * @param complete    false while the month is not over in China
     * @param currency    CNY
     * @param decisions   decisions of the month
     * @param eligible    their eligible total, 2 places
     * @param granted     their granted total, 2 places
     * @param enterprises totals per enterprise, by USCC
     * @param issuedAt    when the hub issued the statement
     */
    record LoanStatement(String bankId, String month, LocalDate from, LocalDate to, boolean complete,
                         String currency, long decisions, String eligible, String granted,
                         List<StatementEnterprise> enterprises, Instant issuedAt) {
    }

    /**
     * One enterprise's totals in a statement.
     *
     * @param uscc      the enterprise
     * @param decisions its decisions of the month
     * @param eligible  their eligible total
     * @param granted   their granted total
     * @param loans     totals per loan, by loan id
     */
    record StatementEnterprise(String uscc, long decisions, String eligible, String granted,
                               List<StatementLoan> loans) {
    }

    /**
     * One loan's totals in a statement.
     *
     * @param loanId     the hub's loan id
     * @param bankLoanId the bank's id of it
     * @param decisions  its decisions of the month
     * @param eligible   their eligible total
     * @param granted    their granted total
     */
    record StatementLoan(String loanId, String bankLoanId, long decisions, String eligible, String granted) {
    }

    /**
     * The statement, signed by the hub.
     *
     * @param statement the statement, for reading (the same document as the payload)
     * @param payload   base64 of the statement's bytes exactly as signed
     * @param signature the hub's signature over the payload's bytes
     */
    record SignedLoanStatement(LoanStatement statement, String payload,
                               HubDocumentSigner.DocumentSignature signature) {
    }

    @PartnerOperation("listLoanDecisions")
    public ApiReply listDecisions(PartnerRequest request) {
        Partner bank = request.partner();
        requireBank(bank);
        LocalDate from = LocalDate.parse(request.queryParam("from"));
        LocalDate to = LocalDate.parse(request.queryParam("to"));
        if (to.isBefore(from)) {
            throw ProblemException.field(ProblemCode.DATE_RANGE_INVALID, "#/query/to", "to " + to
                    + " is before from " + from);
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw ProblemException.field(ProblemCode.DATE_RANGE_INVALID, "#/query/to", "the range " + from + " - "
                    + to + " exceeds " + MAX_RANGE_DAYS + " days: list it in parts");
        }
        String limitParam = request.queryParam("limit");
        String offsetParam = request.queryParam("offset");
        int limit = limitParam == null ? DEFAULT_LIMIT : Integer.parseInt(limitParam);
        int offset = offsetParam == null ? 0 : Integer.parseInt(offsetParam);
        Instant start = startOf(from);
        Instant until = startOf(to.plusDays(1));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", loans.countDecisionsOfBank(bank.id(), start, until));
        page.put("offset", offset);
        page.put("limit", limit);
        page.put("items", loans.decisionsOfBank(bank.id(), start, until, limit, offset));
        return ApiReply.ok(page);
    }

    @PartnerOperation("getLoanStatement")
    public ApiReply statement(PartnerRequest request) {
        Partner bank = request.partner();
        requireBank(bank);
        YearMonth month = YearMonth.parse(request.pathParam("month"));
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        List<StatementEnterprise> enterprises = new ArrayList<>();
        List<LoanStatementLine> lines = loans.statementLines(bank.id(), startOf(first), startOf(last.plusDays(1)));
        long decisions = 0;
        BigDecimal eligible = BigDecimal.ZERO.setScale(2);
        BigDecimal granted = BigDecimal.ZERO.setScale(2);
        for (int i = 0; i < lines.size(); ) {
            String uscc = lines.get(i).uscc();
            List<StatementLoan> ofEnterprise = new ArrayList<>();
            long enterpriseDecisions = 0;
            BigDecimal enterpriseEligible = BigDecimal.ZERO.setScale(2);
            BigDecimal enterpriseGranted = BigDecimal.ZERO.setScale(2);
            for (; i < lines.size() && lines.get(i).uscc().equals(uscc); i++) {
                LoanStatementLine line = lines.get(i);
                ofEnterprise.add(new StatementLoan(line.loanId(), line.bankLoanId(), line.decisions(),
                        line.eligible().toPlainString(), line.granted().toPlainString()));
                enterpriseDecisions += line.decisions();
                enterpriseEligible = enterpriseEligible.add(line.eligible());
                enterpriseGranted = enterpriseGranted.add(line.granted());
            }
            enterprises.add(new StatementEnterprise(uscc, enterpriseDecisions, enterpriseEligible.toPlainString(),
                    enterpriseGranted.toPlainString(), ofEnterprise));
            decisions += enterpriseDecisions;
            eligible = eligible.add(enterpriseEligible);
            granted = granted.add(enterpriseGranted);
        }
        LoanStatement statement = new LoanStatement(bank.id(), month.toString(), first, last,
                calendar.today().isAfter(last), "CNY", decisions, eligible.toPlainString(), granted.toPlainString(),
                enterprises, clock.instant());
        HubDocumentSigner.SignedDocument signed = signer.sign(statement);
        return ApiReply.ok(new SignedLoanStatement(statement, signed.payload(), signed.signature()));
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ProgrammeCalendar.ZONE).toInstant();
    }

    private static void requireBank(Partner partner) {
        partner.requireType(PartnerType.BANK, "only cooperating banks reconcile their interest subsidies");
    }
}
