package cn.smedt.security.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.ComponentId;
import cn.smedt.security.signature.Failure;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.MessageVerifier;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.SignatureParameters;
import cn.smedt.security.signature.Signers;
import cn.smedt.security.signature.Verifiers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a small hub stand-in that checks requests with the module's own verify and signs answers. */
class SignedHttpClientTest {

    private static final KeyPair PARTNER = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
    private static final KeyPair HUB = PemKeys.generate(SignatureAlgorithm.SM2_SM3);

    private HttpServer server;
    private URI base;
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private final List<String> idempotencyKeys = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String idempotencyKey = ex.getRequestHeaders().getFirst("Idempotency-Key");
        if (idempotencyKey != null) {
            idempotencyKeys.add(idempotencyKey);
        }
        HttpMessage request = HttpMessage.request(ex.getRequestMethod(), base.resolve(ex.getRequestURI()),
                ex.getRequestHeaders());
        int status;
        String answer;
        try {
            ContentDigest.verify(request.header("content-digest"), body);
            HttpMessageSignatures.ParsedSignature sig = HttpMessageSignatures.parse(
                    request.header("signature-input"), request.header("signature"), "sig1");
            HttpMessageSignatures.verify(sig, request, null,
                    Verifiers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPublic()));
            seen.add(sig.params().serialize());
            status = 200;
            answer = "{\"ok\":true,\"keyid\":\"" + sig.params().keyId() + "\"}";
        } catch (SignatureCheckException e) {
            status = 401;
            answer = "{\"code\":\"" + e.failure().code() + "\"}";
        }
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> rh = new LinkedHashMap<>();
        rh.put("Content-Type", List.of("application/json"));
        rh.put("Content-Digest", List.of(ContentDigest.header(DigestAlgorithm.SM3, out)));
        try {
            List<ComponentId> covered = request.header("signature") == null
                    ? List.of(ComponentId.of("@status"), ComponentId.of("content-type"), ComponentId.of("content-digest"))
                    : List.of(ComponentId.of("@status"), ComponentId.of("content-type"), ComponentId.of("content-digest"),
                            ComponentId.signatureOfRequest("sig1"));
            HttpMessageSignatures.SignedHeaders s = HttpMessageSignatures.sign(HttpMessage.response(status, rh), request,
                    "sig1", SignatureParameters.builder().components(covered).created(1700000000L).keyId("hub")
                            .alg("sm2-sm3").build(),
                    Signers.create(SignatureAlgorithm.SM2_SM3, HUB.getPrivate(), "hub"));
            rh.put("Signature-Input", List.of(s.signatureInput()));
            rh.put("Signature", List.of(s.signature()));
        } catch (SignatureCheckException e) {
            status = 500;
        }
        rh.forEach((k, v) -> ex.getResponseHeaders().put(k, v));
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private SignedHttpClient client() {
        MessageSigner signer = Signers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPrivate(), "partner-1");
        return new SignedHttpClient(http, signer, DigestAlgorithm.SM3);
    }

    private static MessageVerifier hubVerifier() throws SignatureCheckException {
        return Verifiers.create(SignatureAlgorithm.SM2_SM3, HUB.getPublic());
    }

    @Test
    void signedPostIsAcceptedAndTheSignedAnswerVerifies() throws Exception {
        byte[] body = "{\"loan\":\"L-1\",\"amount\":\"1000.00\"}".getBytes(StandardCharsets.UTF_8);
        SignedHttpClient.SignedResponse resp = client().send("POST", base.resolve("/api/loans?region=420100"),
                "application/json", body, Map.of("Idempotency-Key", "abc-1"));
        assertThat(resp.status()).as(resp.bodyText()).isEqualTo(200);
        assertThat(resp.bodyText()).contains("partner-1");
        assertThat(seen).singleElement().satisfies(p -> assertThat(p)
                .startsWith("(\"@method\" \"@target-uri\" \"content-digest\" \"content-type\");created=")
                .contains(";nonce=\"").contains(";keyid=\"partner-1\";alg=\"sm2-sm3\""));
        assertThat(resp.request().header("idempotency-key")).isEqualTo("abc-1");
        assertThat(idempotencyKeys).as("extra headers go on the wire").containsExactly("abc-1");
        SignedHttpClient.verifyResponse(resp, resp.request(), hubVerifier());
    }

    @Test
    void getWithoutBodyIsSignedWithTheEmptyBodyDigest() throws Exception {
        SignedHttpClient.SignedResponse resp = client().send("GET", base.resolve("/api/status"), null, null, Map.of(),
                1700000000L, "fixed-nonce");
        assertThat(resp.status()).as(resp.bodyText()).isEqualTo(200);
        assertThat(resp.request().header("content-digest"))
                .isEqualTo(ContentDigest.header(DigestAlgorithm.SM3, new byte[0]));
        assertThat(resp.request().header("signature-input")).isEqualTo("sig1=(\"@method\" \"@target-uri\""
                + " \"content-digest\");created=1700000000;nonce=\"fixed-nonce\";keyid=\"partner-1\";alg=\"sm2-sm3\"");
        SignedHttpClient.verifyResponse(resp, resp.request(), hubVerifier());
    }

    @Test
    void answerDoesNotVerifyWithAnotherRequestOrAlteredBody() throws Exception {
        SignedHttpClient c = client();
        SignedHttpClient.SignedResponse first = c.send("POST", base.resolve("/a"), "application/json", "{}".getBytes(), Map.of());
        SignedHttpClient.SignedResponse second = c.send("POST", base.resolve("/a"), "application/json", "{}".getBytes(), Map.of());
        assertThatThrownBy(() -> SignedHttpClient.verifyResponse(first, second.request(), hubVerifier()))
                .isInstanceOfSatisfying(SignatureCheckException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.SIGNATURE_INVALID));
        SignedHttpClient.SignedResponse altered = new SignedHttpClient.SignedResponse(first.status(), first.headers(),
                "{\"ok\":false}".getBytes(), first.request());
        assertThatThrownBy(() -> SignedHttpClient.verifyResponse(altered, first.request(), hubVerifier()))
                .isInstanceOfSatisfying(SignatureCheckException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.DIGEST_MISMATCH));
    }

    @Test
    void unsignedRequestIsRefusedAndTheAnswerIsNotBound() throws Exception {
        java.net.http.HttpResponse<byte[]> raw = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/a"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.statusCode()).isEqualTo(401);
        assertThat(new String(raw.body(), StandardCharsets.UTF_8)).contains("digest-missing");
        SignedHttpClient.SignedResponse resp = new SignedHttpClient.SignedResponse(raw.statusCode(), raw.headers().map(),
                raw.body(), HttpMessage.request("POST", base.resolve("/a"), Map.of()));
        assertThatThrownBy(() -> SignedHttpClient.verifyResponse(resp, resp.request(), hubVerifier()))
                .isInstanceOfSatisfying(SignatureCheckException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.COMPONENT_MISSING));
    }

    @Test
    void bodyTextUsesTheCharset() {
        SignedHttpClient.SignedResponse r = new SignedHttpClient.SignedResponse(200,
                Map.of("Content-Type", List.of("text/plain; charset=GBK")), "中文".getBytes(java.nio.charset.Charset.forName("GBK")),
                null);
        assertThat(r.bodyText()).isEqualTo("中文");
    }
}
