package cn.smedt.hub.loans;

import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.gateway.PartnerCall;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.storage.RaceFreeWrites;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts loan records and interest periods from cooperating banks (operations submitLoan, submitInterestPeriod,
 * getLoan). Only banks, only for registered pilot enterprises in their regions whose county has an interest
 * subsidy policy. An accepted period is stored with its decision message in the {@link cn.smedt.hub.messaging.Outbox},
 * queued once the transaction commits; one whose message was lost, or is stranded on a node that died, is queued
 * again by the outbox's sweep.
 */
@Component
public class LoanIntake {

    private final LoanRepository loans;
    private final EnterpriseRegistry enterprises;
    private final RegionDirectory regions;
    private final InterestPolicy policy;
    private final DecisionQueue queue;
    private final RaceFreeWrites writes;
    private final Clock clock;

    LoanIntake(LoanRepository loans, EnterpriseRegistry enterprises, RegionDirectory regions, InterestPolicy policy,
               DecisionQueue queue, RaceFreeWrites writes, Clock clock) {
        this.writes = writes;
        this.loans = loans;
        this.enterprises = enterprises;
        this.regions = regions;
        this.policy = policy;
        this.queue = queue;
        this.clock = clock;
    }

    @Transactional
    public ApiReply submitLoan(@Body JsonNode body, @Header(PartnerCall.PARTNER) Partner bank) {
        requireBank(bank);
        String uscc = body.path("uscc").asText();
        Enterprise enterprise = pilotEnterpriseOf(uscc, bank);
        if (policy.termsFor(enterprise.regionCode()).isEmpty()) {
            throw ProblemException.field(ProblemCode.NO_SUBSIDY_POLICY, "/uscc", "no interest subsidy policy covers"
                    + " region " + enterprise.regionCode() + " of enterprise " + uscc);
        }
        LocalDate start = LocalDate.parse(body.path("startDate").asText());
        LocalDate maturity = LocalDate.parse(body.path("maturityDate").asText());
        if (!maturity.isAfter(start)) {
            throw ProblemException.field(ProblemCode.LOAN_DATES_INVALID, "/maturityDate",
                    "maturity " + maturity + " is not after the start " + start);
        }
        BigDecimal principal = money(body, "/principal");
        if (principal.signum() <= 0) {
            throw ProblemException.field(ProblemCode.VALIDATION_FAILED, "/principal", "principal must be positive");
        }
        Loan submitted = new Loan("LN" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                bank.id(), body.path("bankLoanId").asText(), uscc, enterprise.regionCode(),
                body.path("product").asText(), principal, start, maturity, text(body, "contractRate"),
                text(body, "purpose"), clock.instant());
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

    @Transactional
    public ApiReply submitInterestPeriod(@Header(PartnerCall.PATH_PREFIX + "loanId") String loanId,
                                         @Body JsonNode body, @Header(PartnerCall.PARTNER) Partner bank) {
        requireBank(bank);
        Loan loan = loans.loan(loanId).filter(found -> found.bankId().equals(bank.id()))
                .orElseThrow(() -> new ProblemException(ProblemCode.LOAN_NOT_FOUND,
                        "bank " + bank.id() + " has no loan " + loanId));
        LocalDate start = LocalDate.parse(body.path("periodStart").asText());
        LocalDate end = LocalDate.parse(body.path("periodEnd").asText());
        if (!end.isAfter(start)) {
            throw ProblemException.field(ProblemCode.PERIOD_INVALID, "/periodEnd",
                    "period end " + end + " is not after its start " + start);
        }
        if (start.isBefore(loan.startDate())) {
            throw ProblemException.field(ProblemCode.PERIOD_INVALID, "/periodStart",
                    "period starts " + start + ", before the loan started " + loan.startDate());
        }
        BigDecimal outstanding = money(body, "/outstandingPrincipal");
        if (outstanding.compareTo(loan.principal()) > 0) {
            throw ProblemException.field(ProblemCode.PERIOD_INVALID, "/outstandingPrincipal", "outstanding "
                    + outstanding + " exceeds the loan principal " + loan.principal());
        }
        InterestPeriod submitted = new InterestPeriod("IP" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 24), loanId, start, end, outstanding, money(body, "/interestPaid"),
                body.hasNonNull("paidOn") ? LocalDate.parse(body.get("paidOn").asText()) : null, "RECEIVED",
                clock.instant());
        var existing = loans.periodSpanning(loanId, start, end);
        if (existing.isEmpty()) {
            // or the same period was submitted concurrently and won
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
        queue.requestDecision(submitted.periodId());
        return ApiReply.accepted(accepted("periodId", submitted.periodId(), "RECEIVED"));
    }

    /** The loan with its periods and decisions, for the bank that submitted it or a government partner over it. */
    public ApiReply getLoan(@Header(PartnerCall.PATH_PREFIX + "loanId") String loanId,
                            @Header(PartnerCall.PARTNER) Partner partner) {
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

    private Enterprise pilotEnterpriseOf(String uscc, Partner bank) {
        String problem = Uscc.problem(uscc);
        if (problem != null) {
            throw ProblemException.field(ProblemCode.USCC_INVALID, "/uscc", "USCC '" + uscc + "': " + problem);
        }
        Enterprise enterprise = enterprises.find(uscc).orElseThrow(() -> ProblemException.field(
                ProblemCode.ENTERPRISE_NOT_REGISTERED, "/uscc", "enterprise " + uscc + " is not registered"));
        if (!regions.withinAny(enterprise.regionCode(), bank.regions())) {
            throw ProblemException.field(ProblemCode.REGION_DENIED, "/uscc", "enterprise " + uscc + " is in region "
                    + enterprise.regionCode() + ", outside bank " + bank.id() + "'s regions");
        }
        if (!enterprise.pilot()) {
            throw ProblemException.field(ProblemCode.ENTERPRISE_NOT_IN_PILOT, "/uscc", "enterprise " + uscc
                    + " is not in the programme's project library (pilot list)");
        }
        return enterprise;
    }

    private static void requireBank(Partner partner) {
        if (partner.type() != PartnerType.BANK) {
            throw new ProblemException(ProblemCode.PARTNER_TYPE_DENIED, "only cooperating banks submit loans; "
                    + partner.id() + " is a " + partner.type());
        }
    }

    private static BigDecimal money(JsonNode body, String pointer) {
        try {
            return new BigDecimal(body.at(pointer).asText()).setScale(2);
        } catch (NumberFormatException | ArithmeticException e) {
            throw ProblemException.field(ProblemCode.VALIDATION_FAILED, pointer,
                    "money is a string of yuan with exactly 2 decimals, e.g. \"1000000.00\"");
        }
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static Map<String, String> accepted(String idName, String id, String status) {
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put(idName, id);
        reply.put("status", status);
        return reply;
    }
}
