package cn.smedt.hub.metrics;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.TestTls;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Value;

/**
 * Issue 17: the operator port serves the Prometheus scrape with the hub's own meters (docs/metrics.md), and the
 * partner port does not. A bank's loan and interest period, a replayed write, an unsigned call and a refused
 * signature are scraped back as partner-call series by operation, status and problem code; the decision's delivery
 * to the government platform as a delivery attempt and a working connector; the grant as a ledger total; the
 * broker's queues with their depths.
 */
@HubIT
class MetricsIT {

    static final WireMockServer PLATFORM = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final String PILOT = "91410000170001401D";
    static final HttpClient OPERATOR = HttpClient.newHttpClient();

    @HubIT.Settings
    static void node(HubNode node) {
        PLATFORM.start();
        PLATFORM.stubFor(post("/gov/decisions").willReturn(aResponse().withStatus(200)));
        node.set("hub.delivery.government-url", PLATFORM.baseUrl() + "/gov/decisions");
        node.set("hub.metrics.ledger-refresh", "PT1S");
        node.set("hub.metrics.connector-refresh", "PT1S");
    }

    @AfterAll
    static void stop() {
        PLATFORM.stop();
    }

    @LocalServerPort
    int port;

    /** Metrics are on the operator port, not the partner API's (hub.operator.port). */
    @Value("${hub.operator.port}")
    int operatorPort;

    @Test
    void theOperatorsPortServesTheHubsOwnMetricsAndThePartnerPortDoesNot() throws Exception {
        String base = HubNode.url(port);
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                .status()).isEqualTo(201);
        SignedCall.Reply loan = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan("MET-1", PILOT,
                "1000000.00", "2024-01-01", "2026-01-01")).by(BANK_ZZ.signer()).idempotencyKey("metrics-loan-1").send();
        assertThat(loan.status()).isEqualTo(202);
        assertThat(SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan("MET-1", PILOT, "1000000.00",
                "2024-01-01", "2026-01-01")).by(BANK_ZZ.signer()).idempotencyKey("metrics-loan-1").send()
                .header("Idempotent-Replayed")).isEqualTo("true");
        String loanId = loan.json().path("loanId").asText();
        assertThat(SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods", LoanSubsidyIT.period(
                "2024-01-01", "2024-02-01", "1000000.00", "3000.00")).by(BANK_ZZ.signer()).send().status())
                .isEqualTo(202);
        assertThat(SignedCall.get(base, "/api/v1/enterprises/" + PILOT).unsigned().send().problemCode())
                .isEqualTo("signature-missing");
        assertThat(SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan("MET-2", PILOT, "1000000.00",
                "2024-01-01", "2026-01-01")).by(BANK_ZZ.signer()).tamperBodyAfterDigest(LoanSubsidyIT.loan("MET-3",
                PILOT, "1000000.00", "2024-01-01", "2026-01-01")).send().status()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(30)).until(() -> value(scrape(), "hub_ledger_granted_yuan",
                "kind=\"INTEREST\"").orElse(0.0) > 0
                && value(scrape(), "hub_connector_up", "connector=\"delivery:GOVERNMENT\"").orElse(0.0) == 1.0);
        String metrics = scrape();

        assertThat(value(metrics, "hub_partner_requests_seconds_count", "code=\"none\"",
                "operation=\"submitLoan\"", "status=\"202\"")).as("the loan and its replay").contains(2.0);
        assertThat(value(metrics, "hub_partner_requests_seconds_count",
                "code=\"none\"", "operation=\"submitInterestPeriod\"", "status=\"202\"")).contains(1.0);
        assertThat(value(metrics, "hub_partner_requests_seconds_count",
                "code=\"signature-missing\"", "operation=\"getEnterprise\"", "status=\"401\"")).contains(1.0);
        assertThat(value(metrics, "hub_partner_requests_seconds_count", "code=\"digest-mismatch\"",
                "operation=\"submitLoan\"")).contains(1.0);
        assertThat(value(metrics, "hub_partner_requests_seconds_bucket", "operation=\"submitLoan\"",
                "status=\"202\"", "le=\"+Inf\"")).as("latency histogram").isPresent();
        assertThat(value(metrics, "hub_partner_idempotent_replays_total", "operation=\"submitLoan\""))
                .contains(1.0);
        assertThat(value(metrics, "hub_delivery_attempts_seconds_count", "target=\"GOVERNMENT\"",
                "outcome=\"delivered\"")).contains(1.0);
        assertThat(value(metrics, "hub_connector_up", "connector=\"route:deliverDecision\"")).contains(1.0);
        assertThat(value(metrics, "hub_ledger_granted_yuan", "kind=\"INTEREST\"")).hasValueSatisfying(
                granted -> assertThat(granted).isPositive());
        assertThat(value(metrics, "artemis_message_count", "queue=\"deliveries\"")).as("queue depth").isPresent();
        assertThat(value(metrics, "hub_telemetry_samples_total", "outcome=\"stored\"")).contains(0.0);
        assertThat(value(metrics, "hub_subsidy_decisions_total", "kind=\"INTEREST\"")).as("the period's decision")
                .contains(1.0);
        assertThat(metrics).as("every meter names its node").contains("node=\"");

        // the Grafana dashboard of docs/ asks for names the node serves (scraped before any delivery failed, a
        // retry's series may be missing: names are compared, not series)
        String dashboard = Files.readString(Path.of("../docs/grafana/hub-dashboard.json"));
        Matcher used = Pattern.compile("\\b((?:hub|artemis|hikaricp|jvm)_[a-z_]+?)(?:_bucket|_count)?\\b")
                .matcher(dashboard);
        Set<String> names = new TreeSet<>();
        while (used.find()) {
            names.add(used.group(1));
        }
        assertThat(names).as("names in docs/grafana/hub-dashboard.json").hasSizeGreaterThan(10)
                .allSatisfy(name -> assertThat(metrics).as(name).containsPattern("(?m)^" + name + "(_bucket|_count)?\\{"));

        HttpResponse<String> partnerPort = TestTls.httpClient().send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(partnerPort.statusCode()).as("the partner port does not serve the metrics").isEqualTo(404);
        assertThat(TestTls.httpClient().send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("readiness on the partner port").isEqualTo(200);
    }

    String scrape() throws Exception {
        HttpResponse<String> response = OPERATOR.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + operatorPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the first sample of {@code name} whose labels contain every one of {@code labels}. */
    static Optional<Double> value(String scrape, String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(scrape);
        while (line.find()) {
            String found = line.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                return Optional.of(Double.parseDouble(line.group(2)));
            }
        }
        return Optional.empty();
    }
}
