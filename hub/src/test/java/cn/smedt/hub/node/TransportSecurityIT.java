package cn.smedt.hub.node;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.TestCommand;
import cn.smedt.hub.TestTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The partner API over TLS as partners and operators see it (docs/security-transport.md), with curl and OpenSSL's
 * {@code s_client}: TLS 1.3 and 1.2 only, ECDHE with AEAD ciphers, the certificate checked against the CA (made by the
 * test); plain HTTP is not served on the port; the certificate files are reloaded when they change (no restart); the
 * dashboard and its unsigned summary are on the operator port only, the partner API never there; /demo/ is not served
 * outside the demo profile; a node without TLS (and without {@code hub.transport.plaintext-http}) or with a weaker
 * protocol does not start.
 */
@HubIT
class TransportSecurityIT {

    static final Path FILES = Path.of("target/it-data/tls-rotating-" + UUID.randomUUID().toString().substring(0, 8));
    static final Path CERTIFICATE = FILES.resolve("hub.crt");
    static final Path KEY = FILES.resolve("hub.key");

    @HubIT.Settings
    static void node(HubNode node) throws IOException {
        Files.createDirectories(FILES);
        install(TestTls.fixture().server("hub-first"));
        node.set("spring.ssl.bundle.pem." + HubNode.BUNDLE + ".keystore.certificate", "file:"
                        + CERTIFICATE.toAbsolutePath())
                .set("spring.ssl.bundle.pem." + HubNode.BUNDLE + ".keystore.private-key", "file:" + KEY.toAbsolutePath())
                .set("spring.ssl.bundle.pem." + HubNode.BUNDLE + ".reload-on-update", true)
                .set("spring.ssl.bundle.watch.file.quiet-period", "200ms");
    }

    @LocalServerPort
    int port;

    @Value("${hub.operator.port}")
    int operatorPort;

    @Test
    void curlAndOpenSslSeeTls13And12WithTheCertificateOfTheHubsCa() throws Exception {
        String ca = TestTls.fixture().caCertificate().toString();
        String url = HubNode.url(port) + "/.well-known/hub-keys";
        TestCommand.Result curl = curl("-v", "--cacert", ca, url);
        assertThat(curl.exit()).as(curl.output()).isZero();
        assertThat(curl.output()).contains("HTTP 200").containsPattern("SSL connection using TLSv1.3 / TLS_AES_");

        TestCommand.Result tls12 = curl("-v", "--cacert", ca, "--tls-max", "1.2", url);
        assertThat(tls12.output()).contains("HTTP 200").containsPattern("SSL connection using TLSv1.2 / ECDHE-"
                + "[A-Z0-9]+-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)");
        assertThat(curl("--cacert", ca, "--tlsv1.1", "--tls-max", "1.1", url).exit()).as("TLS 1.1").isNotZero();
        assertThat(curl(url).exit()).as("a certificate of no CA the client trusts").isNotZero();
        TestCommand.Result plain = curl("http://127.0.0.1:" + port + "/.well-known/hub-keys");
        assertThat(plain.output()).as("plain HTTP on the TLS port").doesNotContain("HTTP 200");

        TestCommand.Result v13 = sClient("-tls1_3", "-CAfile", ca);
        assertThat(v13.output()).contains("Verify return code: 0 (ok)").containsPattern("New, TLSv1.3, Cipher is"
                + " TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)")
                .containsPattern("issuer=CN ?= ?hub test CA").containsPattern("subject=CN ?= ?hub-");
        TestCommand.Result v12 = sClient("-tls1_2", "-CAfile", ca);
        assertThat(v12.output()).contains("Verify return code: 0 (ok)").containsPattern("New, TLSv1.2, Cipher is"
                + " ECDHE-ECDSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)");
        for (String[] refused : List.of(new String[] {"-tls1_1"}, new String[] {"-tls1"},
                new String[] {"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256"},
                new String[] {"-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-SHA"})) {
            TestCommand.Result result = sClient(refused);
            assertThat(result.output()).as(Arrays.toString(refused)).doesNotContainPattern("New, TLSv1(\\.[0-3])?,"
                    + " Cipher is [A-Z]");
        }
        TestCommand.Result untrusted = sClient("-tls1_3", "-CAfile", TestTls.authority("another CA").caCertificate()
                .toString());
        assertThat(untrusted.output()).doesNotContain("Verify return code: 0 (ok)");
    }

    @Test
    void aSignedCallOverTls() throws Exception {
        assertThat(SignedCall.get(HubNode.url(port), "/api/v1/progress/410100").by(GOV_ZZ.signer()).send().status())
                .isEqualTo(200);
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        assertThat(served().getSubjectX500Principal().getName()).isIn("CN=hub-first", "CN=hub-renewed");
        install(TestTls.fixture().server("hub-renewed"));
        // (a handshake while the key and the certificate are being replaced may fail: look again)
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> served().getSubjectX500Principal().getName().equals("CN=hub-renewed"));
        assertThat(SignedCall.get(HubNode.url(port), "/api/v1/progress/410100").by(GOV_ZZ.signer()).send().status())
                .isEqualTo(200);
    }

    @Test
    void theDashboardIsOnTheOperatorPortAndThePartnerApiIsNot() throws Exception {
        String partner = HubNode.url(port);
        String operator = "http://127.0.0.1:" + operatorPort;
        assertThat(get(partner + "/dashboard/api/summary").statusCode()).isEqualTo(404);
        assertThat(get(partner + "/dashboard/").statusCode()).isEqualTo(404);
        assertThat(get(partner + "/dashboard/index.html").statusCode()).isEqualTo(404);
        HttpResponse<String> summary = get(operator + "/dashboard/api/summary");
        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(summary.body()).contains("\"enterprises\"");
        assertThat(get(operator + "/dashboard/index.html").statusCode()).isEqualTo(200);
        assertThat(get(operator + "/api/v1/progress/410100").statusCode()).isEqualTo(404);
        assertThat(get(operator + "/.well-known/hub-keys").statusCode()).isEqualTo(404);
        assertThat(get(operator + "/api-docs/specs").statusCode()).isEqualTo(404);
        for (String base : List.of(partner, operator)) {
            assertThat(get(base + "/demo/government-platform/decisions").statusCode()).as("outside the demo profile")
                    .isEqualTo(404);
        }
    }

    /**
     * Mutual TLS on the partner port (Spring Boot's {@code server.ssl.client-auth: need}, e.g. a node that only its
     * parent and children call, docs/security-transport.md): a caller without a client certificate, or with one of
     * a CA the node does not trust, is refused in the handshake; one with a certificate of the bundle's CA gets in.
     */
    @Test
    void aNodeRequiringClientCertificatesLetsInOnlyCallersWithOneOfItsCa() throws Exception {
        HubNode mutual = HubNode.create().set("server.ssl.client-auth", "need");
        try (org.springframework.context.ConfigurableApplicationContext context = mutual.start()) {
            String url = HubNode.url(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class))
                    + "/.well-known/hub-keys";
            String ca = TestTls.fixture().caCertificate().toString();
            assertThat(curl("--cacert", ca, url).output()).as("no client certificate").doesNotContain("HTTP 200");
            TestTls.Issued parent = TestTls.fixture().client("CN=hub-41");
            TestCommand.Result trusted = curl("--cacert", ca, "--cert", parent.certificate().toString(), "--key",
                    parent.privateKey().toString(), url);
            assertThat(trusted.exit()).as(trusted.output()).isZero();
            assertThat(trusted.output()).contains("HTTP 200");
            TestTls.Issued stranger = TestTls.authority("another CA").client("CN=hub-41");
            assertThat(curl("--cacert", ca, "--cert", stranger.certificate().toString(), "--key",
                    stranger.privateKey().toString(), url).output()).as("a client certificate of another CA")
                    .doesNotContain("HTTP 200");
        }
    }

    @Test
    void aNodeWithoutTlsOrWithAWeakerProtocolDoesNotStart() {
        HubNode plaintext = HubNode.create().plaintext().set("hub.transport.plaintext-http", false);
        assertThatThrownBy(plaintext::start).hasRootCauseInstanceOf(TransportConfigurationException.class)
                .rootCause().hasMessageContaining("the partner API has no TLS");
        HubNode tls11 = HubNode.create().set("spring.ssl.bundle.pem." + HubNode.BUNDLE + ".options.enabled-protocols",
                "TLSv1.1,TLSv1.2");
        assertThatThrownBy(tls11::start).hasRootCauseInstanceOf(TransportConfigurationException.class)
                .rootCause().hasMessageContaining("only [TLSv1.3, TLSv1.2] are allowed");
    }

    /** The certificate the partner port shows now (a new connection). */
    X509Certificate served() throws IOException {
        try (SSLSocket socket = (SSLSocket) TestTls.fixture().clientContext(null).getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    static void install(TestTls.Issued issued) {
        try {
            // the key first: the watcher reloads once both have changed (quiet period)
            Path key = Files.copy(issued.privateKey(), FILES.resolve("hub.key.new"), StandardCopyOption.REPLACE_EXISTING);
            Path certificate = Files.copy(issued.certificate(), FILES.resolve("hub.crt.new"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(key, KEY, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(certificate, CERTIFICATE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpClient http = TestTls.httpClient();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static TestCommand.Result curl(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "HTTP %{http_code}\\n",
                "--max-time", "10"));
        command.addAll(Arrays.asList(args));
        return TestCommand.run(command, "apt-get install -y curl");
    }

    TestCommand.Result sClient(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost"));
        command.addAll(Arrays.asList(args));
        return TestCommand.run(command, "apt-get install -y openssl");
    }
}
