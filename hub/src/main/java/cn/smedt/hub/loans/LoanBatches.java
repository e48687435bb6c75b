package cn.smedt.hub.loans;

import cn.smedt.hub.batches.BatchJobs;
import cn.smedt.hub.batches.BatchRecordHandler;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerRequests;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import org.apache.camel.Body;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Batch uploads of loan and interest-period records (NDJSON or CSV, 100k+ lines), run by {@link BatchJobs}: stored,
 * answered 202 at once, processed from a durable queue record by record through the same checks as single
 * submissions, with progress and a per-line result.
 *
 * <p>Each record is a loan (as in submitLoan) or, with {@code "recordType": "INTEREST_PERIOD"} and the hub's
 * {@code loanId} or the bank's {@code bankLoanId}, an interest period (as in submitInterestPeriod).
 */
@Component
public class LoanBatches {

    /** The durable queue of uploads to process (body: job id), fed through the outbox by {@link BatchJobs}. */
    static final String QUEUE = "jms:queue:loans.batches";
    static final String KIND = "LOANS";

    private final BatchJobs jobs;
    private final LoanIntake intake;
    private final LoanRepository loans;
    private final PartnerRequests requests;

    LoanBatches(BatchJobs jobs, LoanIntake intake, LoanRepository loans, PartnerRequests requests) {
        this.jobs = jobs;
        this.intake = intake;
        this.loans = loans;
        this.requests = requests;
    }

    /** Stores the upload and queues it (operation submitLoanBatch). */
    @PartnerOperation("submitLoanBatch")
    public ApiReply accept(PartnerRequest request) throws IOException {
        Partner bank = request.partner();
        bank.requireType(PartnerType.BANK, "only cooperating banks upload loans");
        String jobId = jobs.store(KIND, bank, request.raw(), request.contentType(), QUEUE);
        return ApiReply.accepted(jobs.view(jobId, resultsUrl(jobId)));
    }

    /** Progress of a job (operation getLoanBatch). */
    @PartnerOperation("getLoanBatch")
    public ApiReply job(PartnerRequest request) {
        String jobId = request.pathParam("jobId");
        jobs.requireOwn(jobId, KIND, request.partner());
        return ApiReply.ok(jobs.view(jobId, resultsUrl(jobId)));
    }

    /** One NDJSON line per processed record (operation getLoanBatchResults). */
    @PartnerOperation("getLoanBatchResults")
    public ApiReply results(PartnerRequest request) {
        String jobId = request.pathParam("jobId");
        jobs.requireOwn(jobId, KIND, request.partner());
        return ApiReply.bytes(jobs.results(jobId), "application/x-ndjson");
    }

    /** Processes a queued job from where it stopped. */
    public void process(@Body String jobId) throws IOException {
        jobs.process(jobId, this::submit);
    }

    private BatchRecordHandler.RecordOutcome submit(ObjectNode record, Partner bank) {
        String type = record.has("recordType") ? record.remove("recordType").asText() : "LOAN";
        if ("INTEREST_PERIOD".equals(type)) {
            return submitPeriod(record, bank);
        }
        if (!"LOAN".equals(type)) {
            throw ProblemException.field(ProblemCode.VALIDATION_FAILED, "/recordType",
                    "recordType is LOAN or INTEREST_PERIOD");
        }
        PartnerRequests.BatchLine line = requests.batchLine(bank, "/api/v1/loans", record);
        if (line.isForwarded()) {
            return BatchRecordHandler.RecordOutcome.accepted(line.forwarded().answer().path("loanId").asText());
        }
        return BatchRecordHandler.RecordOutcome.accepted(idOf(intake.submitLoan(line.here()), "loanId"));
    }

    /**
     * An interest-period line names its loan by the hub's {@code loanId} (which carries the loan's region: a line of
     * a loan another federation node holds is sent there as the single submitInterestPeriod, on behalf of the bank)
     * or by the bank's {@code bankLoanId} (a loan of this node).
     */
    private BatchRecordHandler.RecordOutcome submitPeriod(ObjectNode record, Partner bank) {
        String loanId;
        PartnerRequest here;
        if (record.has("loanId")) {
            loanId = record.remove("loanId").asText();
            record.remove("bankLoanId");
            PartnerRequests.BatchLine line = requests.batchLine(bank, "/api/v1/loans/" + loanId + "/interest-periods",
                    record);
            if (line.isForwarded()) {
                return BatchRecordHandler.RecordOutcome.accepted(line.forwarded().answer().path("periodId").asText());
            }
            here = line.here();
        } else {
            String bankLoanId = record.has("bankLoanId") ? record.remove("bankLoanId").asText() : "";
            loanId = loans.loanOfBank(bank.id(), bankLoanId).map(Loan::loanId).orElseThrow(() -> ProblemException
                    .field(ProblemCode.LOAN_NOT_FOUND, "/bankLoanId", "bank " + bank.id() + " has no loan "
                            + bankLoanId + " at this node (a loan held by another node: name its loanId)"));
            here = requests.line(bank, "POST", "/api/v1/loans/" + loanId + "/interest-periods", record);
        }
        return BatchRecordHandler.RecordOutcome.accepted(idOf(intake.submitInterestPeriod(here), "periodId"));
    }

    @SuppressWarnings("unchecked")
    private static String idOf(ApiReply reply, String field) {
        return ((Map<String, String>) reply.body()).get(field);
    }

    private static String resultsUrl(String jobId) {
        return "/api/v1/loan-batches/" + jobId + "/results";
    }

    /** From the queue to {@link #process}, in the message's JMS transaction. */
    @Component
    static class BatchRoute extends RouteBuilder {

        @Override
        public void configure() {
            from(QUEUE).routeId("processLoanBatch").routeConfigurationId(QueuedWorkRouteConfiguration.ID)
                    .bean(Outbox.class, "attempt")
                    .bean(LoanBatches.class, "process")
                    .bean(Outbox.class, "done");
        }
    }
}
