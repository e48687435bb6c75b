package cn.smedt.hub.loans;

import cn.smedt.api.model.InterestPeriodSubmission;
import cn.smedt.api.model.LoanSubmission;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RecordIds;
import cn.smedt.hub.kernel.RecordRegions;
import cn.smedt.hub.kernel.RegisteredEnterprise;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.storage.RaceFreeWrites;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts loan records and interest periods from cooperating banks (operations submitLoan, submitInterestPeriod,
 * getLoan). Only banks, only for registered pilot enterprises in their regions (the rule of
 * {@link cn.smedt.hub.kernel.RecordRegions}) whose county has an interest subsidy policy. An accepted period is
 * stored with its decision message in the {@link cn.smedt.hub.messaging.Outbox}, queued once the transaction
 * commits; one whose message was lost, or is stranded on a node that died, is queued again by the outbox's sweep.
 */
@Component
public class LoanIntake {

    /** The 24 hex digits of a period's id (IP...), in the order periods are accepted. */
    private static final RecordIds PERIOD_IDS = new RecordIds(24);

    private final LoanRepository loans;
    private final RegionDirectory regions;
    private final InterestPolicy policy;
    private final InterestSubsidyDecider decider;
    private final RaceFreeWrites writes;
    private final Clock clock;

    LoanIntake(LoanRepository loans, RegionDirectory regions, InterestPolicy policy, InterestSubsidyDecider decider,
               RaceFreeWrites writes, Clock clock) {
        this.writes = writes;
        this.loans = loans;
        this.regions = regions;
        this.policy = policy;
        this.decider = decider;
        this.clock = clock;
    }

    @Transactional
    @PartnerOperation("submitLoan")
    public ApiReply submitLoan(PartnerRequest request) {
        Partner bank = request.partner();
        requireBank(bank);
        LoanSubmission body = request.body(LoanSubmission.class);
        String uscc = body.getUscc();
        RegisteredEnterprise enterprise = request.pilotEnterprise();
        if (policy.termsFor(enterprise.regionCode()).isEmpty()) {
            throw ProblemException.field(ProblemCode.NO_SUBSIDY_POLICY, "/uscc", "no interest subsidy policy covers"
                    + " region " + enterprise.regionCode() + " of enterprise " + uscc);
        }
        LocalDate start = body.getStartDate();
        LocalDate maturity = body.getMaturityDate();
        if (!maturity.isAfter(start)) {
            throw ProblemException.field(ProblemCode.LOAN_DATES_INVALID, "/maturityDate",
                    "maturity " + maturity + " is not after the start " + start);
        }
        BigDecimal principal = money(body.getPrincipal(), "/principal");
        if (principal.signum() <= 0) {
            throw ProblemException.field(ProblemCode.VALIDATION_FAILED, "/principal", "principal must be positive");
        }
        Loan submitted = new Loan(newLoanId(enterprise.regionCode()), bank.id(), body.getBankLoanId(), uscc, enterprise.regionCode(), body.getProduct(), principal, start,
                maturity, body.getContractRate(), body.getPurpose(), clock.instant());
        var existing = loans.loanOfBank(bank.id(), submitted.bankLoanId());
        if (existing.isEmpty()) {
            // or the same loan was submitted concurrently (another Idempotency-Key, or a batch line) and won
            existing = writes.insertOrFind(() -> loans.insert(submitted),
                    () -> loans.loanOfBank(bank.id(), submitted.bankLoanId()), "loan " + submitted.bankLoanId());
            if (existing.isEmpty()) {
                return ApiReply.accepted(accepted("loanId", submitted.loanId(), "RECEIVED"));
            }
        }
        if (!existing.get().sameTermsAs(submitted)) {
            throw ProblemException.field(ProblemCode.LOAN_CONFLICT, "/bankLoanId", "loan "
                    + submitted.bankLoanId() + " was submitted before with other terms as "
                    + existing.get().loanId());
        }
        return ApiReply.ok(accepted("loanId", existing.get().loanId(), "RECEIVED"));
    }

    /** LN, the region of the loan's enterprise, 18 hex digits ({@link RecordRegions#newRecordId}). */
    static String newLoanId(String regionCode) {
        return RecordRegions.newRecordId("LN", regionCode);
    }

    @Transactional
    @PartnerOperation("submitInterestPeriod")
    public ApiReply submitInterestPeriod(PartnerRequest request) {
        Partner bank = request.partner();
        String loanId = request.pathParam("loanId");
        requireBank(bank);
        InterestPeriodSubmission body = request.body(InterestPeriodSubmission.class);
        // locked: the periods of one loan are checked and stored one at a time (no loan-day subsidised twice)
        Loan loan = loans.lockLoan(loanId).filter(found -> found.bankId().equals(bank.id()))
                .orElseThrow(() -> new ProblemException(ProblemCode.LOAN_NOT_FOUND,
                        "bank " + bank.id() + " has no loan " + loanId));
        LocalDate start = body.getPeriodStart();
        LocalDate end = body.getPeriodEnd();
        if (!end.isAfter(start)) {
            throw ProblemException.field(ProblemCode.PERIOD_INVALID, "/periodEnd",
                    "period end " + end + " is not after its start " + start);
        }
        if (start.isBefore(loan.startDate())) {
            throw ProblemException.field(ProblemCode.PERIOD_INVALID, "/periodStart",
                    "period starts " + start + ", before the loan started " + loan.startDate());
        }
        BigDecimal outstanding = money(body.getOutstandingPrincipal(), "/outstandingPrincipal");
        if (outstanding.compareTo(loan.principal()) > 0) {
            throw ProblemException.field(ProblemCode.PERIOD_INVALID, "/outstandingPrincipal", "outstanding "
                    + outstanding + " exceeds the loan principal " + loan.principal());
        }
        InterestPeriod submitted = new InterestPeriod("IP" + PERIOD_IDS.next(), loanId, start, end, outstanding,
                money(body.getInterestPaid(), "/interestPaid"), body.getPaidOn(), "RECEIVED", clock.instant());
        var existing = loans.periodSpanning(loanId, start, end);
        if (existing.isEmpty()) {
            loans.periodOverlapping(loanId, start, end).ifPresent(earlier -> {
                throw ProblemException.field(ProblemCode.PERIOD_OVERLAP, "/periodStart", "period " + start + " - "
                        + end + " of loan " + loanId + " overlaps period " + earlier.periodId() + " ("
                        + earlier.periodStart() + " - " + earlier.periodEnd() + ", end exclusive): each loan-day"
                        + " is subsidised once");
            });
            // the loan's lock makes a concurrent insert of the same dates wait for this one; the unique key
            // (loan, start, end) stays the guarantee should a writer ever skip the lock
            existing = writes.insertOrFind(() -> loans.insert(submitted),
                    () -> loans.periodSpanning(loanId, start, end), "period " + start + " - " + end + " of " + loanId);
        }
        if (existing.isPresent()) {
            if (!existing.get().sameAs(submitted)) {
                throw ProblemException.field(ProblemCode.PERIOD_CONFLICT, "/periodStart", "period " + start + " - "
                        + end + " of loan " + loanId + " was submitted before with other amounts");
            }
            return ApiReply.ok(accepted("periodId", existing.get().periodId(), existing.get().status()));
        }
        // its message is written with it (outbox) and queued once this transaction commits
        decider.requestDecision(submitted.periodId());
        return ApiReply.accepted(accepted("periodId", submitted.periodId(), "RECEIVED"));
    }

    /** The loan with its periods and decisions, for the bank that submitted it or a government partner over it. */
    @PartnerOperation("getLoan")
    public ApiReply getLoan(PartnerRequest request) {
        String loanId = request.pathParam("loanId");
        Partner partner = request.partner();
        Loan loan = loans.loan(loanId)
                .filter(found -> found.bankId().equals(partner.id())
                        || partner.type() == PartnerType.GOVERNMENT
                        && regions.withinAny(found.regionCode(), partner.regions()))
                .orElseThrow(() -> new ProblemException(ProblemCode.LOAN_NOT_FOUND,
                        "no loan " + loanId + " visible to " + partner.id()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("loan", loan);
        view.put("periods", loans.periodsOf(loanId));
        view.put("decisions", loans.decisionsOfLoan(loanId));
        return ApiReply.ok(view);
    }

    private static void requireBank(Partner partner) {
        partner.requireType(PartnerType.BANK, "only cooperating banks submit loans");
    }

    private static BigDecimal money(String amount, String pointer) {
        try {
            return new BigDecimal(amount == null ? "" : amount).setScale(2);
        } catch (NumberFormatException | ArithmeticException e) {
            throw ProblemException.field(ProblemCode.VALIDATION_FAILED, pointer,
                    "money is a string of yuan with exactly 2 decimals, e.g. \"1000000.00\"");
        }
    }

    private static Map<String, String> accepted(String idName, String id, String status) {
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put(idName, id);
        reply.put("status", status);
        return reply;
    }
}
