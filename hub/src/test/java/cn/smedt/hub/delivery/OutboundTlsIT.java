package cn.smedt.hub.delivery;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubSignedRequests;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.hub.TestTls;
import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.hub.loans.LoanSubsidyIT;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub's outbound calls over HTTPS verify the peer's certificate against the trust store of
 * {@code hub.transport.outbound-bundle} (here the test CA) and show the hub's own certificate when the peer asks
 * (mutual TLS): a government platform that requires a client certificate of the test CA gets the signed decisions; a
 * bank webhook whose certificate is of another CA, and a parent hub whose certificate has expired, are refused in the
 * handshake with a log line that says so. All certificates are made by the test.
 */
@HubIT
class OutboundTlsIT {

    static final String PASSWORD = "changeit";
    static final String PILOT = "91410000170001401D";
    static final TestPartner PARENT = new TestPartner("hub-41", "HUB", "410000", "", SignatureAlgorithm.SM2_SM3,
            PemKeys.generate(SignatureAlgorithm.SM2_SM3));
    /** Requires a client certificate of the test CA (the hub's). */
    static final WireMockServer GOVERNMENT = https(TestTls.fixture().server("government"), true);
    static final WireMockServer STRANGER = https(TestTls.authority("another CA").server("bank"), false);
    static final WireMockServer EXPIRED = https(TestTls.fixture().issue("CN=parent-hub", true,
            Instant.now().minus(10, ChronoUnit.DAYS), Instant.now().minus(1, ChronoUnit.DAYS)), false);

    @HubIT.Settings
    static void node(HubNode node) {
        for (WireMockServer server : List.of(GOVERNMENT, STRANGER, EXPIRED)) {
            server.start();
        }
        node.set("hub.delivery.government-url", "https://127.0.0.1:" + GOVERNMENT.httpsPort() + "/gov/decisions")
                .partner(BANK_ZZ, "webhook-url", "https://127.0.0.1:" + STRANGER.httpsPort() + "/bank-zz/webhook")
                .parent(PARENT, "https://127.0.0.1:" + EXPIRED.httpsPort())
                .set("hub.federation.rollup-interval", "PT1H")
                .set("hub.messaging.redelivery-delay", "200ms")
                .set("hub.messaging.max-redelivery-delay", "400ms")
                .set("hub.messaging.max-delivery-attempts", 3);
    }

    static WireMockServer https(TestTls.Issued certificate, boolean needClientAuth) {
        var options = options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(TestTls.fixture().pkcs12(certificate, PASSWORD).toString()).keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD).keystoreType("PKCS12");
        if (needClientAuth) {
            options.needClientAuth(true).trustStorePath(TestTls.fixture().trustStore(PASSWORD).toString())
                    .trustStorePassword(PASSWORD).trustStoreType("PKCS12");
        }
        WireMockServer server = new WireMockServer(options);
        server.stubFor(post(urlEqualTo("/gov/decisions")).willReturn(aResponse().withStatus(200)));
        server.stubFor(post(urlEqualTo("/bank-zz/webhook")).willReturn(aResponse().withStatus(204)));
        return server;
    }

    @AfterAll
    static void stop() {
        for (WireMockServer server : List.of(GOVERNMENT, STRANGER, EXPIRED)) {
            server.stop();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubIdentity hubIdentity;

    @Test
    void aTrustedReceiverGetsTheDecisionAndAnUntrustedOneIsRefusedInTheHandshake() throws Exception {
        String base = HubNode.url(port);
        DeliveryOutageIT.Captured log = DeliveryOutageIT.Captured.onRoot();
        try {
            assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                    {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                     "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                    .status()).isEqualTo(201);
            String loanId = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan("TLS-1", PILOT, "1000000.00",
                    "2024-01-01", "2026-01-01")).by(BANK_ZZ.signer()).send().json().path("loanId").asText();
            assertThat(SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                    LoanSubsidyIT.period("2024-01-01", "2024-02-01", "1000000.00", "3000.00"))
                    .by(BANK_ZZ.signer()).send().status()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from delivery where status = 'DELIVERED'", Long.class) == 1L);
            GOVERNMENT.verify(1, postRequestedFor(urlEqualTo("/gov/decisions")));
            HubSignedRequests.assertHubSigned(GOVERNMENT.getAllServeEvents().get(0).getRequest(), hubIdentity);

            List<ILoggingEvent> refused = await().atMost(Duration.ofSeconds(30)).until(() -> log.events(e ->
                    e.getLoggerName().equals(Deliveries.class.getName())
                    && e.getFormattedMessage().contains("PARTNER:bank-zz")), lines -> !lines.isEmpty());
            assertThat(refused.get(0).getFormattedMessage()).contains("TLS handshake refused")
                    .contains("SSL bundle 'hub-it'");
            assertThat(refused.get(0).getThrowableProxy()).isNull();
            assertThat(STRANGER.getAllServeEvents()).as("no request reached the untrusted receiver").isEmpty();
        } finally {
            log.detach();
        }
    }

    @Test
    void aParentHubWithAnExpiredCertificateIsRefused() throws Exception {
        DeliveryOutageIT.Captured log = DeliveryOutageIT.Captured.onRoot();
        try {
            SignedCall.Reply reply = SignedCall.post(HubNode.url(port), "/api/v1/federation/rollup", "{}")
                    .by(GOV_ZZ.signer()).send();
            assertThat(reply.status()).isEqualTo(502);
            assertThat(reply.problemCode()).isEqualTo("federation-unreachable");
            List<ILoggingEvent> lines = log.events(e -> e.getLoggerName().endsWith("federation.HubCalls"));
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).getFormattedMessage()).contains("hub-41")
                    .contains("TLS handshake refused: the peer's certificate is expired or not yet valid");
            assertThat(EXPIRED.getAllServeEvents()).isEmpty();
        } finally {
            log.detach();
        }
    }
}
