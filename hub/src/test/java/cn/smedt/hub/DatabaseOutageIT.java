package cn.smedt.hub;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestDatabase.PostgresCluster;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL stopped under signed load and started again: while it is down every write gets
 * {@code 503 storage-unavailable} with Retry-After within 2 s (never a 500, never a 30 s hang on the pool); the hub
 * resumes by itself when it is back; every loan and interest period that got a 2xx is stored once and its decision
 * reaches the government platform once; a 503'd write retried with its Idempotency-Key is stored once.
 * Runs in the PostgreSQL pass of the suite, on a cluster of its own that it stops and starts.
 */
@HubIT
class DatabaseOutageIT {

    static final String PILOT = "91410000170001401D";
    static final WireMockServer GOVERNMENT = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static PostgresCluster cluster;

    @HubIT.Settings
    static void node(HubNode node) {
        GOVERNMENT.start();
        GOVERNMENT.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(200)));
        if (TestDatabase.postgres()) {
            cluster = PostgresCluster.start("outage");
            String url = cluster.createDatabase("outage");
            node.set("spring.datasource.url", url);
        }
        node.set("hub.delivery.government-url", GOVERNMENT.baseUrl() + "/gov/decisions");
        node.set("hub.messaging.redelivery-delay", "200ms");
        node.set("hub.messaging.max-redelivery-delay", "1s");
        node.set("hub.messaging.max-delivery-attempts", "60");
        // a decider whose database commit went through just before the shutdown, but whose consumer transaction (with
        // the decision's delivery messages) was then rolled back, leaves those deliveries to the outbox sweep: it sends
        // a message not attempted within requeue-after (PT2M in production); shortened so it falls inside the waits
        node.set("hub.messaging.requeue-after", "PT10S");
        node.set("hub.messaging.sweep-interval", "PT1S");
    }

    @AfterAll
    static void stop() {
        GOVERNMENT.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    record Answer(String bankLoanId, String key, int status, String code, String retryAfter, long millis,
                  String phase, String loanId) {
    }

    @Test
    void writesGet503QuicklyWhileTheDatabaseIsDownAndNothingAcknowledgedIsLost() throws Exception {
        assumeThat(TestDatabase.postgres()).as("stops its own PostgreSQL cluster: PostgreSQL pass only").isTrue();
        String base = HubNode.url(port);
        Reply registered = SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"巩义市试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(PILOT))
                .by(GOV_ZZ.signer()).send();
        assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);

        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> periodsAcknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        String[] phase = {"before"};
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            workers.add(load.submit(() -> {
                while (running.get() && sequence.get() < 5_000) {
                    String bankLoanId = "OUT-" + sequence.incrementAndGet();
                    String key = "outage-" + bankLoanId;
                    Answer answer = submit(base, bankLoanId, key, phase[0]);
                    answers.add(answer);
                    if (answer.status() == 202) {
                        String loanId = answer.loanId();
                        Reply period = SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                                LoanSubsidyIT.period("2024-03-01", "2024-03-31", "1000000.00", "3291.67"))
                                .by(BANK_ZZ.signer()).send();
                        if (period.status() / 100 == 2) {
                            periodsAcknowledged.put(loanId, bankLoanId);
                        }
                    }
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(answers, "before", 202) >= 20);

        phase[0] = "down";
        cluster.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(answers, "down", 503) >= 20);

        phase[0] = "back";
        cluster.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(answers, "back", 202) >= 20);
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        load.shutdown();

        // while down: only 503 storage-unavailable with Retry-After, each within 2 s; never a 500 at any time
        List<Answer> failures = answers.stream().filter(a -> a.status() != 202).toList();
        assertThat(failures).isNotEmpty().allSatisfy(a -> {
            assertThat(a.status()).as(a.toString()).isEqualTo(503);
            assertThat(a.code()).as(a.toString()).isEqualTo("storage-unavailable");
            assertThat(a.retryAfter()).as(a.toString()).isNotBlank();
            assertThat(a.millis()).as(a.toString()).isLessThanOrEqualTo(2_000);
        });
        assertThat(answers.stream().filter(a -> a.phase().equals("down")).mapToLong(Answer::millis).max()
                .orElseThrow()).isLessThanOrEqualTo(2_000);

        // the partner retries each refused write with its Idempotency-Key: now stored, once. 200 (already recorded
        // with the same data) where the database committed the refused write but its answer was lost with the
        // connection (a commit cut by the shutdown has an unknown outcome); 202 where the write was rolled back
        for (Answer refused : failures) {
            Answer retried = submit(base, refused.bankLoanId(), refused.key(), "retry");
            assertThat(retried.status()).as(retried.toString()).isIn(200, 202);
        }
        Set<String> acknowledged = answers.stream().map(Answer::bankLoanId).collect(Collectors.toSet());
        Map<String, Long> stored = new TreeMap<>();
        jdbc.queryForList("select bank_loan_id, count(*) as n from loan where bank_id = ? group by bank_loan_id",
                BANK_ZZ.id()).forEach(row -> stored.put((String) row.get("bank_loan_id"),
                ((Number) row.get("n")).longValue()));
        assertThat(stored.keySet()).containsAll(acknowledged);
        assertThat(stored.values()).allMatch(n -> n == 1);

        // every acknowledged period is decided once and its decision delivered (the receiver sees it at least once,
        // and the Idempotency-Key, the decision id, is the same on every attempt)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(distinct p.loan_id) from interest_period p join subsidy_decision d"
                        + " on d.record_id = p.period_id where p.loan_id in (" + placeholders(periodsAcknowledged)
                        + ")", Long.class, periodsAcknowledged.keySet().toArray()))
                .isEqualTo(periodsAcknowledged.size()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> delivered = GOVERNMENT.findAll(postRequestedFor(urlEqualTo("/gov/decisions")))
                    .stream().map(r -> r.getHeader("Idempotency-Key")).collect(Collectors.toSet());
            List<String> decisions = jdbc.queryForList("select d.decision_id from subsidy_decision d join"
                    + " interest_period p on d.record_id = p.period_id where p.loan_id in ("
                    + placeholders(periodsAcknowledged) + ")", String.class, periodsAcknowledged.keySet().toArray());
            assertThat(decisions).hasSize(periodsAcknowledged.size());
            assertThat(delivered).containsAll(decisions);
        });
    }

    private Answer submit(String base, String bankLoanId, String key, String phase) {
        long start = System.nanoTime();
        try {
            Reply reply = SignedCall.post(base, "/api/v1/loans",
                    LoanSubsidyIT.loan(bankLoanId, PILOT, "1000000.00", "2024-03-01", "2025-02-28"))
                    .idempotencyKey(key).by(BANK_ZZ.signer()).send();
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean accepted = reply.status() == 202;
            return new Answer(bankLoanId, key, reply.status(), accepted ? null : reply.problemCode(),
                    reply.header("Retry-After"), millis, phase, accepted ? reply.json().path("loanId").asText() : null);
        } catch (Exception e) {
            throw new IllegalStateException("no answer for " + bankLoanId, e);
        }
    }

    private static long count(List<Answer> answers, String phase, int status) {
        synchronized (answers) {
            return answers.stream().filter(a -> a.phase().equals(phase) && a.status() == status).count();
        }
    }

    private static String placeholders(Map<String, ?> keys) {
        return keys.isEmpty() ? "null" : String.join(",", Collections.nCopies(keys.size(), "?"));
    }
}
