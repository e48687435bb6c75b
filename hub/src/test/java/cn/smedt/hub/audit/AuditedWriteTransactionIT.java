package cn.smedt.hub.audit;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners;
import cn.smedt.hub.kernel.AcceptedWriteRecorder;
import cn.smedt.hub.node.HubNodeProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Issue 16: the audit entry of an accepted write is written in the write's own transaction. On the normal path the
 * entry is visible inside the write's transaction and invisible outside it until the commit; a replay appends
 * nothing. When the append fails (the audit table refuses the row: 500 internal-error) or the storage fails after it
 * (503 storage-unavailable), enterprises, loans, interest periods and batch uploads alike are rolled back with their
 * entry: no row, no upload file, no queue message, the Idempotency-Key free, and the retry then succeeds with one
 * entry each and a chain that verifies. Concurrent writes, some on one row, keep one linear chain without deadlocks.
 */
@HubIT
class AuditedWriteTransactionIT {

    private static final String PILOT = "91410000170001401D";  // 巩义市 (410181), pilot, Zhengzhou interest policy
    private static final String PERIODS_QUEUE = "loans.interest-periods";
    private static final String BATCHES_QUEUE = "loans.batches";
    private static final AtomicInteger SERIAL = new AtomicInteger();
    /** The entries of the audit log: chained ones and those committed (or, inside a transaction, written) pending. */
    private static final String ENTRIES = "select (select count(*) from audit_entry) + (select count(*) from"
            + " audit_pending)";

    /** Adds the probe to the node's write recorders. */
    @TestConfiguration
    static class ProbeConfiguration {

        @Bean
        WriteProbe writeProbe(JdbcTemplate jdbc, DataSource dataSource) {
            return new WriteProbe(jdbc, dataSource);
        }
    }

    /**
     * A recorder that runs before the audit log, for the watched operation only: it hooks the write's transaction
     * just before its commit (after the audit append) to count the audit entries there and on a connection of its
     * own, and can fail the commit from there.
     */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static final class WriteProbe implements AcceptedWriteRecorder {

        private final JdbcTemplate jdbc;
        private final DataSource dataSource;
        volatile Set<String> watched = Set.of();
        volatile boolean failBeforeCommit;
        volatile long entriesInside = -1;
        volatile long entriesOutside = -1;

        WriteProbe(JdbcTemplate jdbc, DataSource dataSource) {
            this.jdbc = jdbc;
            this.dataSource = dataSource;
        }

        @Override
        public void record(String partnerId, String operationId, String path, int status, String idempotencyKey,
                           byte[] body) {
            if (!watched.contains(operationId)) {
                return;
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    entriesInside = jdbc.queryForObject(ENTRIES, Long.class);
                    entriesOutside = countOnOwnConnection();
                    if (failBeforeCommit) {
                        throw new DataAccessResourceFailureException("probe: the database failed after the append");
                    }
                }
            });
        }

        private long countOnOwnConnection() {
            try (Connection own = dataSource.getConnection();
                 PreparedStatement select = own.prepareStatement(ENTRIES);
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void reset() {
            watched = Set.of();
            failBeforeCommit = false;
            entriesInside = -1;
            entriesOutside = -1;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    WriteProbe probe;

    @Autowired
    AuditLog auditLog;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    HubNodeProperties node;

    private String base;

    @BeforeEach
    void setUp() throws Exception {
        base = HubNode.url(port);
        probe.reset();
        if (jdbc.queryForObject("select count(*) from enterprise where uscc = ?", Long.class, PILOT) == 0) {
            assertThat(registerEnterprise(PILOT, "410181", "idem-pilot-enterprise").status()).isEqualTo(201);
        }
    }

    @AfterEach
    void acceptAppendsAgain() {
        jdbc.execute("alter table audit_pending drop constraint if exists audit_it_refuses");
        probe.reset();
    }

    @Test
    void anAcceptedWriteAndItsAuditEntryCommitTogetherAndAReplayAppendsNothing() throws Exception {
        long before = entries();
        probe.watched = Set.of("registerEnterprise");
        String uscc = newUscc();

        Reply created = registerEnterprise(uscc, "410181", "idem-together-" + uscc);

        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        // just before the commit: the write's transaction already holds the entry, no other connection sees it yet
        assertThat(probe.entriesInside).isEqualTo(before + 1);
        assertThat(probe.entriesOutside).isEqualTo(before);
        assertThat(entries()).isEqualTo(before + 1);
        auditLog.chainPending();
        Map<String, Object> entry = jdbc.queryForMap("select actor, action, detail from audit_entry"
                + " where seq = (select max(seq) from audit_entry)");
        assertThat(entry.get("actor")).isEqualTo(GOV_ZZ.id());
        assertThat(entry.get("action")).isEqualTo("registerEnterprise");
        assertThat((String) entry.get("detail")).contains("\"status\":201", "idem-together-" + uscc);

        Reply replayed = registerEnterprise(uscc, "410181", "idem-together-" + uscc);
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(entries()).as("a replay is not a second write").isEqualTo(before + 1);
        assertVerifies();
    }

    @Test
    void aStorageFailureAfterTheAppendRollsBackEveryKindOfWriteWith503() throws Exception {
        List<Long> appendedInside = new ArrayList<>();
        everyKindOfWriteRollsBackThenSucceeds(() -> {
            probe.watched = Set.of("registerEnterprise", "submitLoan", "submitInterestPeriod", "submitLoanBatch");
            probe.failBeforeCommit = true;
        }, probe::reset, (before, reply) -> {
            assertThat(reply.status()).as(reply.json().toString()).isEqualTo(503);
            assertThat(reply.problemCode()).isEqualTo("storage-unavailable");
            assertThat(reply.header("Retry-After")).isNotBlank();
            appendedInside.add(probe.entriesInside - before);
        });
        assertThat(appendedInside).as("each write's entry was appended, then rolled back with it")
                .containsExactly(1L, 1L, 1L, 1L);
    }

    @Test
    void anAuditTableThatRefusesTheEntryRollsBackEveryKindOfWrite() throws Exception {
        everyKindOfWriteRollsBackThenSucceeds(() -> {
            // from here on the audit table refuses every new entry: the append itself fails, in the database
            long lastPending = jdbc.queryForObject("select coalesce(max(id), 0) from audit_pending", Long.class);
            jdbc.execute("alter table audit_pending add constraint audit_it_refuses check (id <= " + lastPending
                    + ")");
        }, () -> jdbc.execute("alter table audit_pending drop constraint audit_it_refuses"), (before, reply) -> {
            // a row the schema refuses is a defect, not an outage (storage.StorageFailures): 500, not 503
            assertThat(reply.status()).as(reply.json().toString()).isEqualTo(500);
            assertThat(reply.problemCode()).isEqualTo("internal-error");
        });
    }

    /** What the test expects of the answer to a write whose audit entry failed; gets the entry count before it. */
    private interface FailedWrite {
        void check(long entriesBefore, Reply reply) throws Exception;
    }

    /**
     * Breaks the audit append, sends one write of each kind (each must fail as {@code failed} says and store
     * nothing: no row, no upload file, no queue message, no entry), repairs it, sends the same requests again with the
     * same Idempotency-Keys (each succeeds, not as a replay, with one entry each, and its queued work is done).
     */
    private void everyKindOfWriteRollsBackThenSucceeds(Runnable breakAudit, Runnable repairAudit, FailedWrite failed)
            throws Exception {
        String loanId = submitLoan(bankLoanId(), "idem-loan-base-" + SERIAL.incrementAndGet()).json()
                .path("loanId").asText();
        String enterprise = newUscc();
        String newLoan = bankLoanId();
        List<Write> writes = List.of(
                new Write("/api/v1/enterprises", enterpriseBody(enterprise, "410181"), "application/json", GOV_ZZ,
                        201),
                new Write("/api/v1/loans", loanBody(newLoan), "application/json", BANK_ZZ, 202),
                new Write("/api/v1/loans/" + loanId + "/interest-periods", """
                        {"periodStart":"2024-03-01","periodEnd":"2024-04-01","outstandingPrincipal":"1000000.00",
                         "interestPaid":"3401.39","paidOn":"2024-04-01"}""", "application/json", BANK_ZZ, 202),
                new Write("/api/v1/loan-batches", loanBody(bankLoanId()).replace("\n", "") + "\n",
                        "application/x-ndjson", BANK_ZZ, 202));
        long entries = entries();
        long head = head();
        long periodMessages = messagesAdded(PERIODS_QUEUE);
        long batchMessages = messagesAdded(BATCHES_QUEUE);
        long jobs = jdbc.queryForObject("select count(*) from batch_job", Long.class);
        long uploads = uploadFiles();
        breakAudit.run();

        for (Write write : writes) {
            Reply reply = write.send(base);
            assertThat(reply.header("content-type")).startsWith("application/problem+json");
            failed.check(entries, reply);
        }

        assertThat(enterprises(enterprise)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from loan where bank_loan_id = ?", Long.class, newLoan))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from interest_period where loan_id = ?", Long.class, loanId))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from batch_job", Long.class)).isEqualTo(jobs);
        assertThat(uploadFiles()).as("the stored upload is deleted with the rollback").isEqualTo(uploads);
        assertThat(messagesAdded(PERIODS_QUEUE)).as("no decision queued").isEqualTo(periodMessages);
        assertThat(messagesAdded(BATCHES_QUEUE)).as("no batch queued").isEqualTo(batchMessages);
        assertThat(entries()).isEqualTo(entries);
        assertThat(head()).isEqualTo(head);

        repairAudit.run();
        List<Reply> retried = new ArrayList<>();
        for (Write write : writes) {
            Reply reply = write.send(base);
            assertThat(reply.status()).as(write.path() + " " + reply.json()).isEqualTo(write.expected());
            assertThat(reply.header("Idempotent-Replayed")).as("the failed attempt left no answer to replay").isNull();
            retried.add(reply);
        }

        auditLog.chainPending();
        assertThat(jdbc.queryForList("select action from audit_entry where seq > ? order by seq", String.class, head))
                .as("one entry per accepted write")
                .containsExactly("registerEnterprise", "submitLoan", "submitInterestPeriod", "submitLoanBatch");
        assertThat(enterprises(enterprise)).isOne();
        assertThat(jdbc.queryForObject("select count(*) from loan where bank_loan_id = ?", Long.class, newLoan))
                .isOne();
        String periodId = retried.get(2).json().path("periodId").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from subsidy_decision where record_id = ?", Long.class, periodId)).isOne());
        String jobId = retried.get(3).json().path("jobId").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select status from batch_job where job_id = ?", String.class, jobId)).isEqualTo("DONE"));
        assertThat(messagesAdded(PERIODS_QUEUE)).isEqualTo(periodMessages + 1);
        assertThat(messagesAdded(BATCHES_QUEUE)).isEqualTo(batchMessages + 1);
        JsonNode deadLetters = SignedCall.get(base, "/api/v1/dead-letters").by(GOV_ZZ.signer()).send().json();
        assertThat(deadLetters.path("total").asLong()).as(deadLetters.toString()).isZero();
        assertVerifies();
    }

    @Test
    void concurrentWritesKeepOneLinearChainWithoutDeadlocks() throws Exception {
        String shared = newUscc();
        assertThat(registerEnterprise(shared, "410181", "idem-shared-" + shared).status()).isEqualTo(201);
        long before = entries();
        int writes = 48;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                // half of them update one enterprise (its row lock, then the audit head), half create new ones
                boolean update = i % 2 == 0;
                String uscc = update ? shared : newUscc();
                String body = enterpriseBody(uscc, "410181").replace("审计事务企业", "并发企业" + i);
                String key = "idem-concurrent-" + SERIAL.incrementAndGet();
                answers.add(pool.submit(() -> SignedCall.post(base, "/api/v1/enterprises", body)
                        .idempotencyKey(key).by(GOV_ZZ.signer()).send().status()));
            }
            for (int i = 0; i < writes; i++) {
                assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i % 2 == 0 ? 200 : 201);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(entries()).isEqualTo(before + writes);
        assertThat(head()).isEqualTo(before + writes);
        assertVerifies();
    }

    /** A write to send again with the same Idempotency-Key and body (a new signature and nonce each time). */
    private record Write(String path, String body, String contentType, TestPartners.TestPartner partner,
                         int expected, String key) {

        Write(String path, String body, String contentType, TestPartners.TestPartner partner, int expected) {
            this(path, body, contentType, partner, expected, "idem-write-" + SERIAL.incrementAndGet());
        }

        Reply send(String base) throws Exception {
            return SignedCall.post(base, path, body).contentType(contentType).idempotencyKey(key)
                    .by(partner.signer()).send();
        }
    }

    private void assertVerifies() throws Exception {
        JsonNode report = SignedCall.get(base, "/api/v1/audit/verification").by(GOV_ZZ.signer()).send().json();
        assertThat(report.path("ok").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("entries").asLong()).isEqualTo(entries());
    }

    private Reply registerEnterprise(String uscc, String region, String key) throws Exception {
        return SignedCall.post(base, "/api/v1/enterprises", enterpriseBody(uscc, region)).idempotencyKey(key)
                .by(GOV_ZZ.signer()).send();
    }

    private Reply submitLoan(String bankLoanId, String key) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/loans", loanBody(bankLoanId)).idempotencyKey(key)
                .by(BANK_ZZ.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(202);
        return reply;
    }

    private static String enterpriseBody(String uscc, String region) {
        return """
                {"uscc":"%s","name":"审计事务企业","regionCode":"%s","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(uscc, region);
    }

    private static String loanBody(String bankLoanId) {
        return """
                {"bankLoanId":"%s","uscc":"%s","product":"DIGITAL_LOAN","principal":"1000000.00",
                 "startDate":"2024-03-01","maturityDate":"2026-03-01","contractRate":"3.9500","purpose":"数字化改造"}"""
                .formatted(bankLoanId, PILOT);
    }

    private static String newUscc() {
        String uscc = "91410181MA%07d".formatted(SERIAL.incrementAndGet());
        return uscc + Uscc.checkCharacter(uscc);
    }

    private static String bankLoanId() {
        return "AUD-" + SERIAL.incrementAndGet();
    }

    /** The chained entries, after chaining what is pending. */
    private long entries() {
        auditLog.chainPending();
        return jdbc.queryForObject("select count(*) from audit_entry", Long.class);
    }

    /** The chain's head, after chaining what is pending. */
    private long head() {
        auditLog.chainPending();
        return jdbc.queryForObject("select seq from audit_head where id = 1", Long.class);
    }

    private long enterprises(String uscc) {
        return jdbc.queryForObject("select count(*) from enterprise where uscc = ?", Long.class, uscc);
    }

    private long messagesAdded(String queue) {
        return broker.getActiveMQServer().locateQueue(SimpleString.of(queue)).getMessagesAdded();
    }

    private long uploadFiles() throws IOException {
        Path directory = node.dataDir().resolve("batches");
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }
}
