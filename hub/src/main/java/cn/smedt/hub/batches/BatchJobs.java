package cn.smedt.hub.batches;

import cn.smedt.hub.kernel.FieldError;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerRegistry;
import cn.smedt.hub.kernel.RecordRegions;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.node.HubNodeProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Asynchronous batch uploads of any kind (loans, cloud adoption): the upload is stored as a file and a job row
 * ({@code batch_job}), queued on a durable queue through the {@link Outbox} and answered 202 at once; processing
 * reads the file line by line (NDJSON, or CSV with a header row), hands each record to the kind's
 * {@link BatchRecordHandler} and records one result per line ({@code batch_result}), with progress counters.
 * <p>
 * Lines are processed in chunks of {@value #CHUNK}, one database transaction per chunk: each line runs in its own
 * savepoint (a nested transaction), so a refused line is rolled back to its savepoint and gets its REJECTED result
 * while the chunk's other lines are stored; the chunk's records, its result lines and the job's counters commit
 * together, so the counters ({@code processed} of {@code received}, {@code accepted}, {@code rejected}) show the
 * progress of a running job chunk by chunk, and a job interrupted by a crash (or a failure that is not a refused line,
 * which rolls its chunk back and fails the attempt) resumes after its last committed chunk, with no line stored
 * without its result.
 */
@Component
public class BatchJobs {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";
    private static final int CHUNK = 500;
    private static final Logger LOG = LoggerFactory.getLogger(BatchJobs.class);
    /** Width of batch_result.errors (V4). */
    private static final int MAX_ERRORS_STORED = 4000;
    private static final int MAX_ERROR_TEXT = 300;

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final ObjectMapper json;
    /** Reads a record line: the application's mapper, duplicate keys refused, decimals exact. */
    private final ObjectReader records;
    private final PartnerRegistry partners;
    private final Path directory;
    private final Clock clock;
    /** One transaction per chunk of lines. */
    private final TransactionTemplate chunkTransaction;
    /** One savepoint per line, inside its chunk's transaction. */
    private final TransactionTemplate lineSavepoint;

    /** This node's region ({@code hub.node.region-code}), carried by the ids of its jobs. */
    private final String nodeRegion;

    BatchJobs(JdbcTemplate jdbc, Outbox outbox, ObjectMapper json, PartnerRegistry partners,
              HubNodeProperties node, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.chunkTransaction = new TransactionTemplate(transactions);
        this.chunkTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.lineSavepoint = new TransactionTemplate(transactions);
        this.lineSavepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.outbox = outbox;
        this.json = json;
        this.records = json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.partners = partners;
        this.directory = node.dataDir().resolve("batches");
        this.nodeRegion = node.regionCode();
        this.clock = clock;
    }

    /**
     * Stores an upload as a job of {@code kind} and queues it on {@code queue}; returns the job id. The job row is
     * part of the caller's transaction (the gateway's, with the upload's audit entry), and so is its outbox message:
     * the job is queued only once that commits, and a rollback deletes the stored file, so a refused or failed upload
     * leaves nothing behind.
     */
    @Transactional
    public String store(String kind, Partner partner, byte[] upload, String contentType, String queue)
            throws IOException {
        // the id carries this node's region: a federation routes reads of the job to the node that holds its file
        String jobId = RecordRegions.newRecordId("BJ", nodeRegion);
        boolean csv = BatchRecordReader.isCsv(contentType);
        Path file = directory.resolve(jobId + (csv ? ".csv" : ".ndjson"));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    deleteUpload(file);
                }
            }
        });
        Files.createDirectories(directory);
        Files.write(file, upload);
        int records = countRecords(upload) - (csv ? 1 : 0);
        jdbc.update("""
                insert into batch_job (job_id, partner_id, kind, content_type, file_name, status, received, processed,
                                       accepted, rejected, created_at)
                values (?, ?, ?, ?, ?, 'QUEUED', ?, 0, 0, 0, ?)""",
                jobId, partner.id(), kind, csv ? "text/csv" : "application/x-ndjson", file.getFileName().toString(),
                Math.max(records, 0), Timestamp.from(clock.instant()));
        // its message is written with it (outbox) and queued once the transaction commits; pinned to this node,
        // which holds the file
        outbox.write(Outbox.Message.localWork(queue, jobId));
        return jobId;
    }

    private static void deleteUpload(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {} of a batch upload that was rolled back", file, e);
        }
    }

    /** Refuses a job id that is not the partner's job of this kind. */
    public void requireOwn(String jobId, String kind, Partner partner) {
        Integer found = jdbc.queryForObject("select count(*) from batch_job where job_id = ? and partner_id = ?"
                + " and kind = ?", Integer.class, jobId, partner.id(), kind);
        if (found == null || found == 0) {
            throw new ProblemException(ProblemCode.BATCH_NOT_FOUND, "no batch job " + jobId + " of " + partner.id());
        }
    }

    /** The job's progress, with the URL of its results. */
    public Map<String, Object> view(String jobId, String resultsUrl) {
        Map<String, Object> row = jdbc.queryForMap("select job_id, status, received, processed, accepted, rejected"
                + " from batch_job where job_id = ?", jobId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", row.get("job_id"));
        view.put("status", row.get("status"));
        view.put("received", row.get("received"));
        view.put("processed", row.get("processed"));
        view.put("accepted", row.get("accepted"));
        view.put("rejected", row.get("rejected"));
        view.put("resultsUrl", resultsUrl);
        return view;
    }

    /** One NDJSON line per processed record: {line, status, recordId?, errors?}. */
    public byte[] results(String jobId) {
        StringBuilder out = new StringBuilder();
        jdbc.query("select line, status, record_id, errors from batch_result where job_id = ? order by line", rs -> {
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
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Processes a queued job from where it stopped. */
    public void process(String jobId, BatchRecordHandler handler) throws IOException {
        Map<String, Object> job = jdbc.queryForMap("select * from batch_job where job_id = ?", jobId);
        if ("DONE".equals(job.get("status"))) {
            return;
        }
        Partner partner = partners.partner((String) job.get("partner_id")).orElseThrow(() ->
                new BatchFailedException("job " + jobId + ": partner " + job.get("partner_id") + " no longer exists"));
        Integer done = jdbc.queryForObject("select max(line) from batch_result where job_id = ?", Integer.class,
                jobId);
        int resumeAfter = done == null ? 0 : done;
        chunkTransaction.executeWithoutResult(status ->
                jdbc.update("update batch_job set status = 'RUNNING' where job_id = ?", jobId));
        BatchRecordReader reader = new BatchRecordReader((String) job.get("content_type"), records);
        List<Line> chunk = new ArrayList<>(CHUNK);
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
                chunk.add(new Line(line, text));
                if (chunk.size() == CHUNK) {
                    processChunk(jobId, chunk, reader, handler, partner);
                }
            }
        }
        processChunk(jobId, chunk, reader, handler, partner);
        chunkTransaction.executeWithoutResult(status -> jdbc.update(
                "update batch_job set status = 'DONE', finished_at = ? where job_id = ?",
                Timestamp.from(clock.instant()), jobId));
    }

    /** A line of the upload: its number (records counted from 1, a CSV header not counted) and its text. */
    private record Line(int number, String text) {
    }

    /** The chunk's lines, their results and the job's counters in one transaction; empties the chunk. */
    private void processChunk(String jobId, List<Line> chunk, BatchRecordReader reader, BatchRecordHandler handler,
                              Partner partner) {
        if (chunk.isEmpty()) {
            return;
        }
        // the messages its lines write (interest periods to decide) are queued once the chunk commits
        outbox.relayingPerCommit(() -> chunkTransaction.execute(status -> {
            List<Object[]> results = new ArrayList<>(chunk.size());
            for (Line line : chunk) {
                results.add(processLine(jobId, line, reader, handler, partner));
            }
            flush(jobId, results);
            return results.size();
        }));
        chunk.clear();
    }

    private Object[] processLine(String jobId, Line line, BatchRecordReader reader, BatchRecordHandler handler,
                                 Partner partner) {
        try {
            ObjectNode record = (ObjectNode) reader.read(line.text());
            // a refused line's writes are rolled back to its savepoint, the chunk's other lines stay
            BatchRecordHandler.RecordOutcome outcome = lineSavepoint.execute(status -> handler.handle(record, partner));
            return new Object[] {jobId, line.number(), outcome.status(), outcome.recordId(), null};
        } catch (BatchRecordReader.MalformedRecordException e) {
            return rejected(jobId, line.number(), List.of(new FieldError("json-malformed", "", e.getMessage())));
        } catch (ProblemException problem) {
            return rejected(jobId, line.number(), problem.errors().isEmpty()
                    ? List.of(new FieldError(problem.code().code(), "", problem.getMessage())) : problem.errors());
        }
    }

    private Object[] rejected(String jobId, int line, List<FieldError> errors) {
        try {
            return new Object[] {jobId, line, REJECTED, null, storedErrors(errors)};
        } catch (JsonProcessingException e) {
            throw new BatchFailedException("cannot render the errors of line " + line, e);
        }
    }

    /**
     * The errors of a rejected line as they fit {@code batch_result.errors} (varchar(4000), counted in UTF-16 units by
     * H2): each pointer and detail cut to {@value #MAX_ERROR_TEXT} characters, then as many errors as fit, at least
     * the first. A line can be rejected with up to 50 violations whose details quote the line's own (unbounded)
     * text; cut short, the job still finishes and every line still gets its result.
     */
    private String storedErrors(List<FieldError> errors) throws JsonProcessingException {
        List<FieldError> kept = new ArrayList<>();
        String rendered = "[]";
        for (FieldError error : errors) {
            kept.add(new FieldError(error.code(), cut(error.pointer()), cut(error.detail())));
            String next = json.writeValueAsString(kept);
            if (next.length() > MAX_ERRORS_STORED && kept.size() > 1) {
                break;
            }
            rendered = next;
        }
        return rendered;
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT - 3) + "...";
    }

    private void flush(String jobId, List<Object[]> results) {
        if (results.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into batch_result (job_id, line, status, record_id, errors) values (?, ?, ?, ?, ?)",
                results);
        long accepted = results.stream().filter(r -> ACCEPTED.equals(r[2])).count();
        long rejected = results.stream().filter(r -> REJECTED.equals(r[2])).count();
        jdbc.update("update batch_job set processed = processed + ?, accepted = accepted + ?, rejected = rejected + ?"
                + " where job_id = ?", results.size(), accepted, rejected, jobId);
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
