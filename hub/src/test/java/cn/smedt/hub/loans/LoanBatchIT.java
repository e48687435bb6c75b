package cn.smedt.hub.loans;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Batch uploads (NDJSON and CSV): answered 202 with a job at once, processed asynchronously line by line through the
 * same checks as single submissions; progress and a per-line result file; bad lines are rejected with their codes
 * and pointers and store nothing, good lines are stored.
 */
@HubIT
class LoanBatchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PILOT = "91410000170001401D";
    private static final String NOT_PILOT = "91350100M000100Y43";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    String base;

    @BeforeEach
    void setUp() throws Exception {
        base = HubNode.url(port);
        if (jdbc.queryForObject("select count(*) from enterprise", Long.class) == 0) {
            register(PILOT, "410181", true);
            register(NOT_PILOT, "410182", false);
        }
    }

    private void register(String uscc, String region, boolean pilot) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"%s","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":%s}""".formatted(uscc, region, pilot))
                .by(GOV_ZZ.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
    }

    private JsonNode runJob(String body, String mediaType) throws Exception {
        Reply accepted = SignedCall.post(base, "/api/v1/loan-batches", body).contentType(mediaType)
                .by(BANK_ZZ.signer()).send();
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        String jobId = accepted.json().path("jobId").asText();
        assertThat(accepted.json().path("received").asInt()).isEqualTo(body.strip().split("\n").length
                - (mediaType.equals("text/csv") ? 1 : 0));
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> SignedCall.get(base, "/api/v1/loan-batches/" + jobId).by(BANK_ZZ.signer()).send().json(),
                job -> "DONE".equals(job.path("status").asText()));
    }

    private List<JsonNode> results(JsonNode job) throws Exception {
        Reply reply = SignedCall.get(base, job.path("resultsUrl").asText()).by(BANK_ZZ.signer()).send();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("application/x-ndjson");
        return new String(reply.response().body(), StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    @Test
    void ndjsonLinesAreCheckedLikeSingleRequestsAndEachGetsAResult() throws Exception {
        long loansBefore = jdbc.queryForObject("select count(*) from loan", Long.class);
        String ndjson = String.join("\n",
                LoanSubsidyIT.loan("NB-1", PILOT, "1000000.00", "2024-03-01", "2026-03-01").replace("\n", ""),
                "{\"recordType\":\"INTEREST_PERIOD\",\"bankLoanId\":\"NB-1\",\"periodStart\":\"2024-03-01\","
                        + "\"periodEnd\":\"2024-04-01\",\"outstandingPrincipal\":\"1000000.00\","
                        + "\"interestPaid\":\"3401.39\"}",
                LoanSubsidyIT.loan("NB-2", PILOT, "100000.5", "2024-03-01", "2026-03-01").replace("\n", "")
                        .replace("\"100000.5\"", "100000.5"),
                "{\"bankLoanId\": \"NB-3\", ",
                LoanSubsidyIT.loan("NB-4", NOT_PILOT, "200000.00", "2024-03-01", "2026-03-01").replace("\n", ""),
                LoanSubsidyIT.loan("NB-5", PILOT, "300000.00", "2024-05-01", "2025-05-01").replace("\n", ""))
                + "\n";

        JsonNode job = runJob(ndjson, "application/x-ndjson");

        assertThat(job.path("processed").asInt()).isEqualTo(6);
        assertThat(job.path("accepted").asInt()).isEqualTo(3);
        assertThat(job.path("rejected").asInt()).isEqualTo(3);
        List<JsonNode> lines = results(job);
        assertThat(lines).extracting(l -> l.path("line").asInt() + " " + l.path("status").asText())
                .containsExactly("1 ACCEPTED", "2 ACCEPTED", "3 REJECTED", "4 REJECTED", "5 REJECTED", "6 ACCEPTED");
        assertThat(lines.get(0).path("recordId").asText()).startsWith("LN");
        assertThat(lines.get(1).path("recordId").asText()).startsWith("IP");
        assertThat(lines.get(2).path("errors").get(0).path("code").asText()).isEqualTo("field-type");
        assertThat(lines.get(2).path("errors").get(0).path("pointer").asText()).isEqualTo("/principal");
        assertThat(lines.get(3).path("errors").get(0).path("code").asText()).isEqualTo("json-malformed");
        assertThat(lines.get(4).path("errors").get(0).path("code").asText()).isEqualTo("enterprise-not-in-pilot-list");
        assertThat(jdbc.queryForObject("select count(*) from loan", Long.class)).isEqualTo(loansBefore + 2);
    }

    @Test
    void csvWithAHeaderRowIsReadByColumnName() throws Exception {
        String csv = """
                bankLoanId,uscc,product,principal,startDate,maturityDate,contractRate,purpose
                CB-1,91410000170001401D,DIGITAL_LOAN,500000.00,2024-06-01,2026-06-01,3.9500,"设备, 软件"
                CB-2,91410000170001401D,DIGITAL_LOAN,500000.00,2024-06-01,2024-05-01,3.9500,
                """;

        JsonNode job = runJob(csv, "text/csv");

        List<JsonNode> lines = results(job);
        assertThat(lines).extracting(l -> l.path("status").asText()).containsExactly("ACCEPTED", "REJECTED");
        assertThat(lines.get(1).path("errors").get(0).path("code").asText()).isEqualTo("loan-dates-invalid");
        assertThat(jdbc.queryForObject("select purpose from loan where bank_loan_id = 'CB-1'", String.class))
                .isEqualTo("设备, 软件");
    }

    @Test
    void anOverlappingPeriodLineIsRejectedLikeASingleRequest() throws Exception {
        String ndjson = String.join("\n",
                LoanSubsidyIT.loan("OB-1", PILOT, "1000000.00", "2024-03-01", "2026-03-01").replace("\n", ""),
                "{\"recordType\":\"INTEREST_PERIOD\",\"bankLoanId\":\"OB-1\",\"periodStart\":\"2024-03-01\","
                        + "\"periodEnd\":\"2024-04-01\",\"outstandingPrincipal\":\"1000000.00\","
                        + "\"interestPaid\":\"3000.00\"}",
                "{\"recordType\":\"INTEREST_PERIOD\",\"bankLoanId\":\"OB-1\",\"periodStart\":\"2024-03-15\","
                        + "\"periodEnd\":\"2024-04-15\",\"outstandingPrincipal\":\"1000000.00\","
                        + "\"interestPaid\":\"3000.00\"}") + "\n";

        List<JsonNode> lines = results(runJob(ndjson, "application/x-ndjson"));

        assertThat(lines).extracting(l -> l.path("status").asText())
                .containsExactly("ACCEPTED", "ACCEPTED", "REJECTED");
        JsonNode error = lines.get(2).path("errors").get(0);
        assertThat(error.path("code").asText()).isEqualTo("period-overlap");
        assertThat(error.path("pointer").asText()).isEqualTo("/periodStart");
        assertThat(error.path("detail").asText()).contains(lines.get(1).path("recordId").asText());
        assertThat(jdbc.queryForObject("select count(*) from interest_period p join loan l on l.loan_id = p.loan_id"
                + " where l.bank_loan_id = 'OB-1'", Long.class)).isEqualTo(1);
    }

    /**
     * Lines commit in chunks (one transaction of 500 lines, a savepoint per line): a line refused inside the intake's
     * transaction, in the middle of a chunk, is rolled back to its savepoint alone; the good lines around it, also
     * those that refer to a loan of the same chunk, are stored. While the job runs, its read shows the progress.
     */
    @Test
    void aLargeBatchShowsItsProgressAndABadLineInAChunkTakesNoGoodLineWithIt() throws Exception {
        int lines = 6000;
        int bad = 700;
        StringBuilder ndjson = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            if (i == bad) {
                // maturity before start: refused by the intake inside its transaction (a participant of the chunk's)
                ndjson.append(LoanSubsidyIT.loan("PB-" + i, PILOT, "100000.00", "2024-03-01", "2024-02-01")
                        .replace("\n", ""));
            } else if (i % 2 == 0) {
                ndjson.append("{\"recordType\":\"INTEREST_PERIOD\",\"bankLoanId\":\"PB-").append(i - 1)
                        .append("\",\"periodStart\":\"2024-03-01\",\"periodEnd\":\"2024-04-01\",")
                        .append("\"outstandingPrincipal\":\"100000.00\",\"interestPaid\":\"300.00\"}");
            } else {
                ndjson.append(LoanSubsidyIT.loan("PB-" + i, PILOT, "100000.00", "2024-03-01", "2026-03-01")
                        .replace("\n", ""));
            }
            ndjson.append('\n');
        }
        String body = ndjson.toString();
        Reply accepted = SignedCall.post(base, "/api/v1/loan-batches", body).contentType("application/x-ndjson")
                .by(BANK_ZZ.signer()).send();
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        String jobId = accepted.json().path("jobId").asText();
        assertThat(accepted.json().path("received").asInt()).isEqualTo(lines);

        JsonNode running = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(
                () -> SignedCall.get(base, "/api/v1/loan-batches/" + jobId).by(BANK_ZZ.signer()).send().json(),
                job -> job.path("processed").asInt() > 0);
        assertThat(running.path("status").asText()).isEqualTo("RUNNING");
        assertThat(running.path("processed").asInt()).isLessThan(lines);
        assertThat(running.path("accepted").asInt() + running.path("rejected").asInt())
                .isEqualTo(running.path("processed").asInt());
        JsonNode job = await().atMost(Duration.ofSeconds(300)).until(
                () -> SignedCall.get(base, "/api/v1/loan-batches/" + jobId).by(BANK_ZZ.signer()).send().json(),
                done -> "DONE".equals(done.path("status").asText()));

        assertThat(job.path("processed").asInt()).isEqualTo(lines);
        assertThat(job.path("rejected").asInt()).isEqualTo(1);
        assertThat(job.path("accepted").asInt()).isEqualTo(lines - 1);
        List<JsonNode> results = results(job);
        assertThat(results).hasSize(lines);
        JsonNode refused = results.get(bad - 1);
        assertThat(refused.path("line").asInt()).isEqualTo(bad);
        assertThat(refused.path("status").asText()).isEqualTo("REJECTED");
        assertThat(refused.path("errors").get(0).path("code").asText()).isEqualTo("loan-dates-invalid");
        assertThat(refused.path("errors").get(0).path("pointer").asText()).isEqualTo("/maturityDate");
        assertThat(results).filteredOn(r -> r.path("line").asInt() != bad)
                .allMatch(r -> "ACCEPTED".equals(r.path("status").asText()), "every other line accepted");
        assertThat(jdbc.queryForObject("select count(*) from loan where bank_loan_id like 'PB-%'", Long.class))
                .isEqualTo(lines / 2);
        assertThat(jdbc.queryForObject("select count(*) from interest_period p join loan l on l.loan_id = p.loan_id"
                + " where l.bank_loan_id like 'PB-%'", Long.class)).isEqualTo(lines / 2 - 1);
        assertThat(jdbc.queryForObject("select count(*) from loan where bank_loan_id = 'PB-" + bad + "'",
                Long.class)).isZero();
    }

    @Test
    void aBatchFromAPartnerThatIsNotABankIsRefused() throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/loan-batches", "{}\n").contentType("application/x-ndjson")
                .by(GOV_ZZ.signer()).send();
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.problemCode()).isEqualTo("scope-denied");
    }
}
