package cn.smedt.hub.cloud;

import cn.smedt.hub.gateway.ApiReply;
import cn.smedt.hub.gateway.ContractCheck;
import cn.smedt.hub.gateway.FieldError;
import cn.smedt.hub.gateway.Partner;
import cn.smedt.hub.gateway.PartnerCall;
import cn.smedt.hub.gateway.PartnerRegistry;
import cn.smedt.hub.gateway.ProblemCode;
import cn.smedt.hub.gateway.ProblemException;
import cn.smedt.hub.node.HubNodeProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Batch uploads of cloud-adoption reports (NDJSON, one report per line), the way loan batches work: the upload is
 * stored as a file and a job row ({@code batch_job}, kind {@value #KIND}), answered 202 at once, and processed in
 * line order from a durable queue, each line through exactly the checks of a single report (contract, platform,
 * region, date, stale). Progress is visible while it runs; each line gets a result: ACCEPTED (now current), STALE
 * (older than the state in force) or REJECTED with codes and pointers. A job interrupted by a crash resumes after
 * its last recorded line; re-applying a report of the unrecorded tail is harmless (same data, same date).
 */
@Component
public class CloudAdoptionBatches {

    static final String QUEUE = "jms:queue:cloud.batches";
    static final String KIND = "CLOUD_ADOPTION";
    private static final int CHUNK = 500;
    private static final ObjectMapper LINES = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final JdbcTemplate jdbc;
    private final CloudAdoptionIntake intake;
    private final ContractCheck contract;
    private final ProducerTemplate template;
    private final ObjectMapper json;
    private final PartnerRegistry partners;
    private final Path directory;
    private final Clock clock;

    CloudAdoptionBatches(JdbcTemplate jdbc, CloudAdoptionIntake intake, ContractCheck contract,
                         ProducerTemplate template, ObjectMapper json, PartnerRegistry partners,
                         HubNodeProperties node, Clock clock) {
        this.jdbc = jdbc;
        this.intake = intake;
        this.contract = contract;
        this.template = template;
        this.json = json;
        this.partners = partners;
        this.directory = node.dataDir().resolve("batches");
        this.clock = clock;
    }

    /** Stores the upload and queues it (operation submitCloudAdoptionBatch). */
    public ApiReply accept(@Body byte[] upload, @Header(PartnerCall.PARTNER) Partner platform) throws IOException {
        CloudAdoptionIntake.requirePlatform(platform);
        String jobId = "BJ" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Files.createDirectories(directory);
        Path file = directory.resolve(jobId + ".ndjson");
        Files.write(file, upload);
        jdbc.update("""
                insert into batch_job (job_id, partner_id, kind, content_type, file_name, status, received, processed,
                                       accepted, rejected, created_at)
                values (?, ?, ?, 'application/x-ndjson', ?, 'QUEUED', ?, 0, 0, 0, ?)""",
                jobId, platform.id(), KIND, file.getFileName().toString(), countLines(upload),
                Timestamp.from(clock.instant()));
        template.sendBody(QUEUE, jobId);
        return ApiReply.accepted(view(jobId));
    }

    /** Progress of a job (operation getCloudAdoptionBatch). */
    public ApiReply job(@Header(PartnerCall.PATH_PREFIX + "jobId") String jobId,
                        @Header(PartnerCall.PARTNER) Partner partner) {
        requireOwn(jobId, partner);
        return ApiReply.ok(view(jobId));
    }

    /** One NDJSON line per processed line (operation getCloudAdoptionBatchResults). */
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
        Partner platform = partners.partner((String) job.get("partner_id")).orElseThrow(() ->
                new CloudBatchFailedException("job " + jobId + ": partner " + job.get("partner_id")
                        + " no longer exists"));
        Integer done = jdbc.queryForObject("select max(line) from batch_result where job_id = ?", Integer.class,
                jobId);
        int resumeAfter = done == null ? 0 : done;
        jdbc.update("update batch_job set status = 'RUNNING' where job_id = ?", jobId);
        List<Object[]> results = new ArrayList<>();
        int line = 0;
        try (BufferedReader in = Files.newBufferedReader(directory.resolve((String) job.get("file_name")),
                StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                line++;
                if (line <= resumeAfter) {
                    continue;
                }
                results.add(processLine(jobId, line, text, platform));
                if (results.size() == CHUNK) {
                    flush(jobId, results);
                }
            }
        }
        flush(jobId, results);
        jdbc.update("update batch_job set status = 'DONE', finished_at = ? where job_id = ?",
                Timestamp.from(clock.instant()), jobId);
    }

    private Object[] processLine(String jobId, int line, String text, Partner platform) {
        JsonNode record;
        try {
            record = LINES.readTree(text);
        } catch (JsonProcessingException e) {
            return rejected(jobId, line, List.of(new FieldError("json-malformed", "",
                    "line is not well-formed JSON: " + e.getOriginalMessage())));
        }
        if (record == null || !record.isObject()) {
            return rejected(jobId, line, List.of(new FieldError("json-malformed", "", "line is not a JSON object")));
        }
        try {
            JsonNode valid = contract.validateBody("POST", "/api/v1/cloud-adoption", record);
            CloudAdoptionIntake.Outcome outcome = applyOnce(valid, platform);
            String status = CloudAdoptionIntake.CURRENT.equals(outcome.status()) ? "ACCEPTED" : "STALE";
            return new Object[] {jobId, line, status, outcome.uscc(), null};
        } catch (ProblemException problem) {
            return rejected(jobId, line, problem.errors().isEmpty()
                    ? List.of(new FieldError(problem.code().code(), "", problem.getMessage())) : problem.errors());
        }
    }

    /** Applies a report; a first report racing another one for the same enterprise is applied again. */
    private CloudAdoptionIntake.Outcome applyOnce(JsonNode report, Partner platform) {
        try {
            return intake.apply(report, platform);
        } catch (DuplicateKeyException race) {
            return intake.apply(report, platform);
        }
    }

    private Object[] rejected(String jobId, int line, List<FieldError> errors) {
        try {
            return new Object[] {jobId, line, "REJECTED", null, json.writeValueAsString(errors)};
        } catch (JsonProcessingException e) {
            throw new CloudBatchFailedException("cannot render the errors of line " + line, e);
        }
    }

    private void flush(String jobId, List<Object[]> results) {
        if (results.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into batch_result (job_id, line, status, record_id, errors) values (?, ?, ?, ?, ?)",
                results);
        long accepted = results.stream().filter(r -> "ACCEPTED".equals(r[2])).count();
        long rejected = results.stream().filter(r -> "REJECTED".equals(r[2])).count();
        jdbc.update("update batch_job set processed = processed + ?, accepted = accepted + ?, rejected = rejected + ?"
                + " where job_id = ?", results.size(), accepted, rejected, jobId);
        results.clear();
    }

    private void requireOwn(String jobId, Partner partner) {
        Integer found = jdbc.queryForObject("select count(*) from batch_job where job_id = ? and partner_id = ?"
                + " and kind = ?", Integer.class, jobId, partner.id(), KIND);
        if (found == null || found == 0) {
            throw new ProblemException(ProblemCode.BATCH_NOT_FOUND, "no cloud-adoption batch job " + jobId + " of "
                    + partner.id());
        }
    }

    private Map<String, Object> view(String jobId) {
        Map<String, Object> row = jdbc.queryForMap("select job_id, status, received, processed, accepted, rejected"
                + " from batch_job where job_id = ?", jobId);
        int processed = ((Number) row.get("processed")).intValue();
        int accepted = ((Number) row.get("accepted")).intValue();
        int rejected = ((Number) row.get("rejected")).intValue();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", row.get("job_id"));
        view.put("status", row.get("status"));
        view.put("received", row.get("received"));
        view.put("processed", processed);
        view.put("accepted", accepted);
        view.put("stale", processed - accepted - rejected);
        view.put("rejected", rejected);
        view.put("resultsUrl", "/api/v1/cloud-adoption-batches/" + jobId + "/results");
        return view;
    }

    private static int countLines(byte[] upload) {
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
