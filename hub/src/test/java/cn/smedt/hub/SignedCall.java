package cn.smedt.hub;

import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.signature.ComponentId;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.MessageVerifier;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.SignatureParameters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A partner request built step by step, so tests can sign it correctly and then break exactly one thing
 * (body, digest, key, created, nonce, covered components).
 */
public final class SignedCall {

    /** Trusts the test nodes' certificates ({@link TestTls#fixture}); plain HTTP for a node {@link HubNode#plaintext}. */
    private static final HttpClient HTTP = TestTls.httpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final URI uri;
    private byte[] body = new byte[0];
    private byte[] digestedBody;
    private byte[] signedBody;
    private String contentType;
    private MessageSigner signer;
    private long created = Instant.now().getEpochSecond();
    private String nonce = UUID.randomUUID().toString();
    private String idempotencyKey = "idem-" + UUID.randomUUID();
    private List<String> components;
    private boolean unsigned;
    private URI sendTo;
    private java.util.function.Consumer<Map<String, List<String>>> headerMutation;
    private final Map<String, String> extraHeaders = new java.util.LinkedHashMap<>();

    private SignedCall(String method, URI uri) {
        this.method = method;
        this.uri = uri;
    }

    public static SignedCall post(String baseUrl, String path, String json) {
        SignedCall call = new SignedCall("POST", URI.create(baseUrl + path));
        call.body = json.getBytes(StandardCharsets.UTF_8);
        call.contentType = "application/json";
        return call;
    }

    public static SignedCall get(String baseUrl, String path) {
        return new SignedCall("GET", URI.create(baseUrl + path));
    }

    /** Sends the body with another media type (batches: application/x-ndjson, text/csv). */
    public SignedCall contentType(String mediaType) {
        this.contentType = mediaType;
        return this;
    }

    public SignedCall by(MessageSigner signer) {
        this.signer = signer;
        return this;
    }

    public SignedCall created(long epochSeconds) {
        this.created = epochSeconds;
        return this;
    }

    public SignedCall nonce(String nonce) {
        this.nonce = nonce;
        return this;
    }

    public SignedCall idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    /** Sends {@code sent} but computes the Content-Digest over the original body (a body changed in transit). */
    public SignedCall tamperBodyAfterDigest(String sent) {
        this.digestedBody = body;
        this.body = sent.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Sends {@code sent} with a correct digest, but the signature covers the original body's digest. */
    public SignedCall tamperBodyAndDigest(String sent) {
        this.signedBody = body;
        this.body = sent.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public SignedCall covering(String... componentNames) {
        this.components = List.of(componentNames);
        return this;
    }

    /** Signs for {@code publicBase} (the hub's public URL) but sends to {@code nodeBase} (one node behind it). */
    public SignedCall via(String nodeBase, String publicBase) {
        this.sendTo = URI.create(uri.toString().replace(publicBase, nodeBase));
        return this;
    }

    /** Changes the headers after signing (fuzzing: garbled signatures, inputs, digests). */
    /** Sends this header too, set before signing (so {@link #covering} can name it). */
    public SignedCall header(String name, String value) {
        this.extraHeaders.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return this;
    }

    public SignedCall mutateHeaders(java.util.function.Consumer<Map<String, List<String>>> mutation) {
        this.headerMutation = mutation;
        return this;
    }

    public SignedCall unsigned() {
        this.unsigned = true;
        return this;
    }

    public Reply send() throws IOException, InterruptedException, SignatureCheckException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String digest = ContentDigest.header(DigestAlgorithm.SHA_256, digestedBody != null ? digestedBody : body);
        headers.put("content-digest", List.of(digest));
        if (contentType != null) {
            headers.put("content-type", List.of(contentType));
        }
        if ("POST".equals(method)) {
            headers.put("idempotency-key", List.of(idempotencyKey));
        }
        extraHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
        HttpMessage request = HttpMessage.request(method, uri, headers);
        if (!unsigned) {
            List<ComponentId> covered = new ArrayList<>();
            for (String name : components != null ? components
                    : contentType != null ? List.of("@method", "@target-uri", "content-digest", "content-type")
                    : List.of("@method", "@target-uri", "content-digest")) {
                covered.add(ComponentId.of(name));
            }
            SignatureParameters params = SignatureParameters.builder().components(covered).created(created)
                    .nonce(nonce).keyId(signer.keyId()).alg(signer.algorithm().token()).build();
            HttpMessage toSign = request;
            if (signedBody != null) {
                Map<String, List<String>> original = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                original.putAll(headers);
                original.put("content-digest", List.of(ContentDigest.header(DigestAlgorithm.SHA_256, signedBody)));
                toSign = HttpMessage.request(method, uri, original);
            }
            var signed = HttpMessageSignatures.sign(toSign, null, "sig1", params, signer);
            headers.put("signature-input", List.of(signed.signatureInput()));
            headers.put("signature", List.of(signed.signature()));
            if (signedBody != null) {
                headers.put("content-digest", List.of(ContentDigest.header(DigestAlgorithm.SHA_256, body)));
            }
        }
        if (headerMutation != null) {
            headerMutation.accept(headers);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(sendTo != null ? sendTo : uri).timeout(Duration.ofSeconds(20))
                .method(method, body.length == 0 && "GET".equals(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(HttpMessage.request(method, uri, headers), response);
    }

    /** The hub's answer and the request it answered. */
    public record Reply(HttpMessage request, HttpResponse<byte[]> response) {

        public int status() {
            return response.statusCode();
        }

        public JsonNode json() throws IOException {
            return JSON.readTree(response.body());
        }

        public String problemCode() throws IOException {
            return json().path("code").asText();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** Checks the hub's response signature and digest; throws when they do not verify. */
        public void verifyHubSignature(MessageVerifier hub) throws SignatureCheckException {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(new LinkedHashMap<>(response.headers().map()));
            HttpMessage message = HttpMessage.response(response.statusCode(), headers);
            ContentDigest.verify(header("content-digest"), response.body());
            var parsed = HttpMessageSignatures.parse(header("signature-input"), header("signature"), "sig1");
            HttpMessageSignatures.verify(parsed, message, request, hub);
        }
    }
}
