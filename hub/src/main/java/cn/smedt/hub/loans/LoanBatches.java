package cn.smedt.hub.loans;

import cn.smedt.hub.gateway.ApiReply;
import cn.smedt.hub.gateway.ContractCheck;
import cn.smedt.hub.gateway.FieldError;
import cn.smedt.hub.gateway.Partner;
import cn.smedt.hub.gateway.PartnerCall;
import cn.smedt.hub.gateway.PartnerRegistry;
import cn.smedt.hub.gateway.PartnerType;
import cn.smedt.hub.gateway.ProblemCode;
import cn.smedt.hub.gateway.ProblemException;
import cn.smedt.hub.node.HubNodeProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Batch uploads of loan and interest-period records (NDJSON or CSV, 100k+ lines): the upload is stored as a file
 * and a job row, answered 202 at once, and processed from a durable queue record by record through the same
 * checks as single submissions. Progress is visible while it runs; each line gets a result (accepted with its id,
 * or rejected with codes and pointers). A job interrupted by a crash resumes after its last recorded line.
 *
 * <p>Each record is a loan (as in submitLoan) or, with {@code "recordType": "INTEREST_PERIOD"} and the bank's
 * {@code bankLoanId}, an interest period (as in submitInterestPeriod).
 */
@Component
public class LoanBatches {

    static final String QUEUE = "jms:queue:loans.batches";
    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final LoanIntake intake;
    private final LoanRepository loans;
    private final ContractCheck contract;
    private final ProducerTemplate template;
    private final ObjectMapper json;
    private final PartnerRegistry partners;
    private final Path directory;
    private final Clock clock;

    LoanBatches(JdbcTemplate jdbc, LoanIntake intake, LoanRepository loans, ContractCheck contract,
                ProducerTemplate template, ObjectMapper json, PartnerRegistry partners, HubNodeProperties node,
                Clock clock) {
        this.partners = partners;
        this.jdbc = jdbc;
        this.intake = intake;
        this.loans = loans;
        this.contract = contract;
        this.template = template;
        this.json = json;
        this.directory = node.dataDir().resolve("batches");
        this.clock = clock;
    }

    /** Stores the upload and queues it (operation submitLoanBatch). */
    public ApiReply accept(@Body byte[] upload, @Header(PartnerCall.CONTENT_TYPE) String contentType,
                           @Header(PartnerCall.PARTNER) Partner bank) throws IOException {
        if (bank.type() != PartnerType.BANK) {
            throw new ProblemException(ProblemCode.PARTNER_TYPE_DENIED, "only cooperating banks upload loans");
        }
        String jobId = "BJ" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        boolean csv = new BatchRecordReader(contentType).isCsv();
        Files.createDirectories(directory);
        Path file = directory.resolve(jobId + (csv ? ".csv" : ".ndjson"));
        Files.write(file, upload);
        int lines = countRecords(upload) - (csv ? 1 : 0);
        jdbc.update("""
                insert into batch_job (job_id, partner_id, kind, content_type, file_name, status, received, processed,
                                       accepted, rejected, created_at)
                values (?, ?, 'LOANS', ?, ?, 'QUEUED', ?, 0, 0, 0, ?)""",
                jobId, bank.id(), csv ? "text/csv" : "application/x-ndjson", file.getFileName().toString(),
                Math.max(lines, 0), Timestamp.from(clock.instant()));
        template.sendBody(QUEUE, jobId);
        return ApiReply.accepted(view(jobId));
    }

    /** Progress of a job (operation getLoanBatch). */
    public ApiReply job(@Header(PartnerCall.PATH_PREFIX + "jobId") String jobId,
                        @Header(PartnerCall.PARTNER) Partner partner) {
        requireOwn(jobId, partner);
        return ApiReply.ok(view(jobId));
    }

    /** One NDJSON line per processed record (operation getLoanBatchResults). */
    public ApiReply results(@Header(PartnerCall.PATH_PREFIX + "jobId") String jobId,
                            @Header(PartnerCall.PARTNER) Partner partner) {
        requireOwn(jobId, partner);
        StringBuilder out = new StringBuilder();
        jdbc.query("select line, status, record_id, errors from batch_result where job_id = ? order by line",
                rs -> {
                    ObjectNode row = json.createObjectNode();
                    row.put("line", rs.getInt("line"));
                    row.put("status", rs.getString("status"));
                    if (rs.getString("record_id") != null) {
                        row.put("recordId", rs.getString("record_id"));
                    }
                    if (rs.getString("errors") != null) {
                        try {
                            row.set("errors", json.readTree(rs.getString("errors")));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    out.append(row).append('\n');
                }, jobId);
        return ApiReply.bytes(out.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
    }

    /** Processes a queued job from where it stopped. */
    public void process(@Body String jobId) throws IOException {
        Map<String, Object> job = jdbc.queryForMap("select * from batch_job where job_id = ?", jobId);
        if ("DONE".equals(job.get("status"))) {
            return;
        }
        Partner bank = partners.partner((String) job.get("partner_id")).orElseThrow(() ->
                new BatchFailedException("job " + jobId + ": partner " + job.get("partner_id") + " no longer exists"));
        Integer done = jdbc.queryForObject("select max(line) from batch_result where job_id = ?", Integer.class,
                jobId);
        int resumeAfter = done == null ? 0 : done;
        jdbc.update("update batch_job set status = 'RUNNING' where job_id = ?", jobId);
        BatchRecordReader reader = new BatchRecordReader((String) job.get("content_type"));
        List<Object[]> results = new ArrayList<>();
        int line = 0;
        try (BufferedReader in = Files.newBufferedReader(directory.resolve((String) job.get("file_name")),
                StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                if (text.isBlank() || reader.acceptHeader(text)) {
                    continue;
                }
                line++;
                if (line <= resumeAfter) {
                    continue;
                }
                results.add(processLine(jobId, line, text, reader, bank));
                if (results.size() == CHUNK) {
                    flush(jobId, results);
                }
            }
        }
        flush(jobId, results);
        jdbc.update("update batch_job set status = 'DONE', finished_at = ? where job_id = ?",
                Timestamp.from(clock.instant()), jobId);
    }

    private Object[] processLine(String jobId, int line, String text, BatchRecordReader reader, Partner bank) {
        try {
            JsonNode record = reader.read(text);
            return new Object[] {jobId, line, "ACCEPTED", submit((ObjectNode) record, bank), null};
        } catch (BatchRecordReader.MalformedRecordException e) {
            return rejected(jobId, line, List.of(new FieldError("json-malformed", "", e.getMessage())));
        } catch (ProblemException problem) {
            return rejected(jobId, line, problem.errors().isEmpty()
                    ? List.of(new FieldError(problem.code().code(), "", problem.getMessage())) : problem.errors());
        }
    }

    private String submit(ObjectNode record, Partner bank) {
        String type = record.has("recordType") ? record.remove("recordType").asText() : "LOAN";
        if ("INTEREST_PERIOD".equals(type)) {
            String bankLoanId = record.has("bankLoanId") ? record.remove("bankLoanId").asText() : "";
            Loan loan = loans.loanOfBank(bank.id(), bankLoanId).orElseThrow(() -> ProblemException.field(
                    ProblemCode.LOAN_NOT_FOUND, "/bankLoanId", "bank " + bank.id() + " has no loan " + bankLoanId));
            JsonNode valid = contract.validateBody("POST", "/api/v1/loans/" + loan.loanId() + "/interest-periods",
                    record);
            return idOf(intake.submitInterestPeriod(loan.loanId(), valid, bank), "periodId");
        }
        if (!"LOAN".equals(type)) {
            throw ProblemException.field(ProblemCode.VALIDATION_FAILED, "/recordType",
                    "recordType is LOAN or INTEREST_PERIOD");
        }
        JsonNode valid = contract.validateBody("POST", "/api/v1/loans", record);
        return idOf(intake.submitLoan(valid, bank), "loanId");
    }

    @SuppressWarnings("unchecked")
    private static String idOf(ApiReply reply, String field) {
        return ((Map<String, String>) reply.body()).get(field);
    }

    private Object[] rejected(String jobId, int line, List<FieldError> errors) {
        try {
            return new Object[] {jobId, line, "REJECTED", null, json.writeValueAsString(errors)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush(String jobId, List<Object[]> results) {
        if (results.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into batch_result (job_id, line, status, record_id, errors) values (?, ?, ?, ?, ?)",
                results);
        long accepted = results.stream().filter(r -> "ACCEPTED".equals(r[2])).count();
        jdbc.update("update batch_job set processed = processed + ?, accepted = accepted + ?, rejected = rejected + ?"
                + " where job_id = ?", results.size(), accepted, results.size() - accepted, jobId);
        results.clear();
    }

    private void requireOwn(String jobId, Partner partner) {
        Integer found = jdbc.queryForObject("select count(*) from batch_job where job_id = ? and partner_id = ?",
                Integer.class, jobId, partner.id());
        if (found == null || found == 0) {
            throw new ProblemException(ProblemCode.BATCH_NOT_FOUND, "no batch job " + jobId + " of " + partner.id());
        }
    }

    private Map<String, Object> view(String jobId) {
        Map<String, Object> row = jdbc.queryForMap("select job_id, status, received, processed, accepted, rejected,"
                + " created_at, finished_at from batch_job where job_id = ?", jobId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", row.get("job_id"));
        view.put("status", row.get("status"));
        view.put("received", row.get("received"));
        view.put("processed", row.get("processed"));
        view.put("accepted", row.get("accepted"));
        view.put("rejected", row.get("rejected"));
        view.put("resultsUrl", "/api/v1/loan-batches/" + jobId + "/results");
        return view;
    }

    private static int countRecords(byte[] upload) {
        int lines = 0;
        boolean content = false;
        for (byte b : upload) {
            if (b == '\n') {
                lines += content ? 1 : 0;
                content = false;
            } else if (b != '\r' && b != ' ' && b != '\t') {
                content = true;
            }
        }
        return lines + (content ? 1 : 0);
    }
}
