package cn.smedt.hub.loans;

import cn.smedt.hub.batches.BatchJobs;
import cn.smedt.hub.batches.BatchRecordHandler;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.ContractCheck;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.gateway.PartnerCall;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Batch uploads of loan and interest-period records (NDJSON or CSV, 100k+ lines), run by {@link BatchJobs}: stored,
 * answered 202 at once, processed from a durable queue record by record through the same checks as single
 * submissions, with progress and a per-line result.
 *
 * <p>Each record is a loan (as in submitLoan) or, with {@code "recordType": "INTEREST_PERIOD"} and the bank's
 * {@code bankLoanId}, an interest period (as in submitInterestPeriod).
 */
@Component
public class LoanBatches {

    static final String QUEUE = "jms:queue:loans.batches";
    static final String KIND = "LOANS";

    private final BatchJobs jobs;
    private final LoanIntake intake;
    private final LoanRepository loans;
    private final ContractCheck contract;

    LoanBatches(BatchJobs jobs, LoanIntake intake, LoanRepository loans, ContractCheck contract) {
        this.jobs = jobs;
        this.intake = intake;
        this.loans = loans;
        this.contract = contract;
    }

    /** Stores the upload and queues it (operation submitLoanBatch). */
    public ApiReply accept(@Body byte[] upload, @Header(PartnerCall.CONTENT_TYPE) String contentType,
                           @Header(PartnerCall.PARTNER) Partner bank) throws IOException {
        if (bank.type() != PartnerType.BANK) {
            throw new ProblemException(ProblemCode.PARTNER_TYPE_DENIED, "only cooperating banks upload loans");
        }
        String jobId = jobs.store(KIND, bank, upload, contentType, QUEUE);
        return ApiReply.accepted(jobs.view(jobId, resultsUrl(jobId)));
    }

    /** Progress of a job (operation getLoanBatch). */
    public ApiReply job(@Header(PartnerCall.PATH_PREFIX + "jobId") String jobId,
                        @Header(PartnerCall.PARTNER) Partner partner) {
        jobs.requireOwn(jobId, KIND, partner);
        return ApiReply.ok(jobs.view(jobId, resultsUrl(jobId)));
    }

    /** One NDJSON line per processed record (operation getLoanBatchResults). */
    public ApiReply results(@Header(PartnerCall.PATH_PREFIX + "jobId") String jobId,
                            @Header(PartnerCall.PARTNER) Partner partner) {
        jobs.requireOwn(jobId, KIND, partner);
        return ApiReply.bytes(jobs.results(jobId), "application/x-ndjson");
    }

    /** Processes a queued job from where it stopped. */
    public void process(@Body String jobId) throws IOException {
        jobs.process(jobId, this::submit);
    }

    private BatchRecordHandler.RecordOutcome submit(ObjectNode record, Partner bank) {
        String type = record.has("recordType") ? record.remove("recordType").asText() : "LOAN";
        if ("INTEREST_PERIOD".equals(type)) {
            String bankLoanId = record.has("bankLoanId") ? record.remove("bankLoanId").asText() : "";
            Loan loan = loans.loanOfBank(bank.id(), bankLoanId).orElseThrow(() -> ProblemException.field(
                    ProblemCode.LOAN_NOT_FOUND, "/bankLoanId", "bank " + bank.id() + " has no loan " + bankLoanId));
            JsonNode valid = contract.validateBody("POST", "/api/v1/loans/" + loan.loanId() + "/interest-periods",
                    record);
            return BatchRecordHandler.RecordOutcome.accepted(
                    idOf(intake.submitInterestPeriod(loan.loanId(), valid, bank), "periodId"));
        }
        if (!"LOAN".equals(type)) {
            throw ProblemException.field(ProblemCode.VALIDATION_FAILED, "/recordType",
                    "recordType is LOAN or INTEREST_PERIOD");
        }
        JsonNode valid = contract.validateBody("POST", "/api/v1/loans", record);
        return BatchRecordHandler.RecordOutcome.accepted(idOf(intake.submitLoan(valid, bank), "loanId"));
    }

    @SuppressWarnings("unchecked")
    private static String idOf(ApiReply reply, String field) {
        return ((Map<String, String>) reply.body()).get(field);
    }

    private static String resultsUrl(String jobId) {
        return "/api/v1/loan-batches/" + jobId + "/results";
    }
}
