package cn.smedt.hub.delivery;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 16: a government platform that is down past several retries costs no dead letter and no operator action.
 * Its deliveries back off on the broker (scheduled redelivery) while the bank's deliveries of the same decisions
 * pass at once; when it is back, every decision reaches it exactly once (one 200 per decision id), and each failed
 * attempt wrote exactly one WARN line without a stack trace. A short schedule keeps the test bounded: 200 ms
 * doubling to 1 s, 30 attempts (a 27.4 s window, wide enough on a loaded machine); the default's arithmetic is
 * RedeliveryScheduleTest's.
 */
@HubIT
class DeliveryOutageIT {

    static final WireMockServer RECEIVERS = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final String PILOT = "91410000170001401D";
    static final int DECISIONS = 5;
    static final int ATTEMPTS = 30;
    static final int FAILURES_TO_RIDE_OUT = 4;
    static final Pattern ATTEMPT_LINE = Pattern.compile("delivery to GOVERNMENT of decision SD\\S+ failed, attempt"
            + " \\d+ of " + ATTEMPTS + ": HTTP 503( [^;]*)?; next retry in [0-9.]+ (ms|s)");

    @HubIT.Settings
    static void node(HubNode node) {
        RECEIVERS.start();
        node.set("hub.delivery.government-url", RECEIVERS.baseUrl() + "/gov/decisions");
        node.partner(BANK_ZZ, "webhook-url", RECEIVERS.baseUrl() + "/bank-zz/webhook");
        node.set("hub.messaging.redelivery-delay", "200ms");
        node.set("hub.messaging.max-redelivery-delay", "1s");
        node.set("hub.messaging.max-delivery-attempts", String.valueOf(ATTEMPTS));
    }

    @AfterAll
    static void stop() {
        RECEIVERS.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPlatformDownPastSeveralRetriesGetsEveryDecisionOnceWithoutAnOperator() throws Exception {
        String base = HubNode.url(port);
        RECEIVERS.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(503)));
        RECEIVERS.stubFor(post("/bank-zz/webhook").willReturn(aResponse().withStatus(204)));
        Captured log = Captured.onRoot();
        try {
            assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                    {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                     "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                    .status()).isEqualTo(201);
            String loanId = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan("OUT-1", PILOT, "1000000.00",
                    "2024-01-01", "2026-01-01")).by(BANK_ZZ.signer()).send().json().path("loanId").asText();
            for (int month = 1; month <= DECISIONS; month++) {
                assertThat(SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                        LoanSubsidyIT.period("2024-%02d-01".formatted(month), "2024-%02d-01".formatted(month + 1),
                                "1000000.00", "3000.00")).by(BANK_ZZ.signer()).send().status()).isEqualTo(202);
            }

            // the platform stays down until every decision failed there several times; meanwhile the bank's
            // deliveries are not held up behind the platform's backoff
            await().atMost(Duration.ofSeconds(30)).until(() -> attemptsPerDecision("/gov/decisions").size() == DECISIONS
                    && attemptsPerDecision("/gov/decisions").values().stream().allMatch(n -> n >= FAILURES_TO_RIDE_OUT));
            assertThat(attemptsPerDecision("/bank-zz/webhook")).as("bank deliveries during the platform's outage")
                    .hasSize(DECISIONS).allSatisfy((decision, n) -> assertThat(n).isEqualTo(1));
            assertThat(deadLetters(base)).isZero();

            RECEIVERS.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(200)));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from delivery where status = 'DELIVERED'", Long.class) == 2L * DECISIONS);
        } finally {
            log.detach();
        }

        Map<String, Long> accepted = RECEIVERS.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/gov/decisions") && e.getResponse().getStatus() == 200)
                .collect(Collectors.groupingBy(e -> e.getRequest().getHeader("Idempotency-Key"), Collectors.counting()));
        assertThat(accepted).as("decisions the platform accepted, by decision id").hasSize(DECISIONS)
                .allSatisfy((decision, n) -> assertThat(n).isEqualTo(1L));
        assertThat(deadLetters(base)).isZero();

        long failedAttempts = RECEIVERS.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/gov/decisions") && e.getResponse().getStatus() == 503)
                .count();
        List<ILoggingEvent> attemptLines = log.events(e -> e.getLoggerName().equals(Deliveries.class.getName()));
        assertThat(attemptLines).as("one WARN line per failed attempt").hasSize((int) failedAttempts)
                .allSatisfy(line -> {
                    assertThat(line.getLevel()).isEqualTo(Level.WARN);
                    assertThat(line.getThrowableProxy()).isNull();
                    assertThat(line.getFormattedMessage()).matches(ATTEMPT_LINE);
                });
        assertThat(log.events(e -> e.getThrowableProxy() != null && (e.getLoggerName().startsWith("org.apache.camel")
                || e.getLoggerName().startsWith("org.springframework.jms")
                || e.getLoggerName().startsWith("cn.smedt.hub.delivery"))))
                .as("stack traces logged for the failed attempts").isEmpty();
        assertThat(log.events(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                && (e.getLoggerName().startsWith("org.apache.camel") || e.getLoggerName().startsWith("org.springframework.jms"))))
                .as("Camel's and the listener container's own failure lines").isEmpty();
    }

    /** Requests the receiver got at {@code path}, counted per decision id (Idempotency-Key). */
    static Map<String, Long> attemptsPerDecision(String path) {
        return RECEIVERS.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(request -> request.getUrl().equals(path))
                .collect(Collectors.groupingBy(request -> request.getHeader("Idempotency-Key"), Collectors.counting()));
    }

    static int deadLetters(String base) throws Exception {
        var reply = SignedCall.get(base, "/api/v1/dead-letters").by(GOV_ZZ.signer()).send();
        assertThat(reply.status()).as(new String(reply.response().body())).isEqualTo(200);
        return reply.json().path("total").asInt(-1);
    }

    /** Every log event of the hub while attached (logback, thread-safe). */
    static final class Captured extends AppenderBase<ILoggingEvent> {

        private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        static Captured onRoot() {
            Captured captured = new Captured();
            captured.setContext(captured.root.getLoggerContext());
            captured.start();
            captured.root.addAppender(captured);
            return captured;
        }

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }

        List<ILoggingEvent> events(Predicate<ILoggingEvent> which) {
            return events.stream().filter(which).toList();
        }

        void detach() {
            root.detachAppender(this);
            stop();
        }
    }
}
