package cn.smedt.simulators.partners;

import cn.smedt.security.client.SignedHttpClient;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.SignatureCheckException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A partner's view of the hub: signed JSON calls with idempotency keys, answers parsed. */
public final class HubClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final SignedHttpClient http;

    public HubClient(URI base, MessageSigner signer) {
        this(base, signer, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** A client sending through {@code http}: e.g. one that trusts the CA of a hub's HTTPS certificate. */
    public HubClient(URI base, MessageSigner signer, HttpClient http) {
        this.base = base;
        this.http = new SignedHttpClient(http, signer, DigestAlgorithm.SM3);
    }

    /**
     * An answer of the hub.
     *
     * @param status HTTP status
     * @param body   parsed JSON (problem+json for refusals)
     */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public Answer post(String path, Object body) throws IOException, InterruptedException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        return send("POST", path, "application/json", bytes,
                Map.of("Idempotency-Key", "sim-" + UUID.randomUUID()));
    }

    public Answer postRaw(String path, String contentType, String body) throws IOException, InterruptedException {
        return send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Idempotency-Key", "sim-" + UUID.randomUUID()));
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null, Map.of());
    }

    private Answer send(String method, String path, String contentType, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        SignedHttpClient.SignedResponse response;
        try {
            response = http.send(method, base.resolve(path), contentType, body, headers);
        } catch (SignatureCheckException e) {
            throw new IOException("the hub's answer to " + method + " " + path + " failed its signature check: "
                    + e.getMessage(), e);
        }
        byte[] bytes = response.body();
        JsonNode parsed = bytes == null || bytes.length == 0 ? JSON.nullNode() : parseOrText(bytes);
        return new Answer(response.status(), parsed);
    }

    private static JsonNode parseOrText(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
