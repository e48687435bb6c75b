package cn.smedt.security.client;

import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.signature.ComponentId;
import cn.smedt.security.signature.Failure;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.MessageVerifier;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.SignatureParameters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A partner-side client that signs requests (RFC 9421 label {@code sig1}, RFC 9530 {@code Content-Digest}) and
 * can verify the hub's signed answer. Thread-safe when the {@link HttpClient} and signer are.
 */
public final class SignedHttpClient {

    /** The signature label used for requests and for the hub's responses. */
    public static final String LABEL = "sig1";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;
    private final MessageSigner signer;
    private final DigestAlgorithm digest;

    /** A response with the request message that was signed, so its signature can be bound. */
    public record SignedResponse(int status, Map<String, List<String>> headers, byte[] body, HttpMessage request) {

        public SignedResponse {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            headers = Map.copyOf(copy);
            body = body == null ? new byte[0] : body;
        }

        /** The body as text, in the charset of the Content-Type (UTF-8 by default). */
        public String bodyText() {
            Charset cs = StandardCharsets.UTF_8;
            String ct = header("content-type");
            if (ct != null) {
                for (String part : ct.split(";")) {
                    String p = part.trim();
                    if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                        try {
                            cs = Charset.forName(p.substring(8).replace("\"", "").trim());
                        } catch (RuntimeException e) {
                            cs = StandardCharsets.UTF_8;
                        }
                    }
                }
            }
            return new String(body, cs);
        }

        /** First value of a header (any case), or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The response as an {@link HttpMessage}. */
        public HttpMessage message() {
            return HttpMessage.response(status, headers);
        }
    }

    public SignedHttpClient(HttpClient http, MessageSigner signer, DigestAlgorithm digest) {
        this.http = Objects.requireNonNull(http, "http");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.digest = Objects.requireNonNull(digest, "digest");
    }

    /** Sends a signed request with {@code created} = now and a random nonce. */
    public SignedResponse send(String method, URI uri, String contentType, byte[] body, Map<String, String> extraHeaders)
            throws IOException, InterruptedException, SignatureCheckException {
        return send(method, uri, contentType, body, extraHeaders, Instant.now().getEpochSecond(), newNonce());
    }

    /** Sends a signed request with the given {@code created} and {@code nonce} (for tests and replays). */
    public SignedResponse send(String method, URI uri, String contentType, byte[] body, Map<String, String> extraHeaders,
            long created, String nonce) throws IOException, InterruptedException, SignatureCheckException {
        HttpMessage request = signedRequest(signer, digest, method, uri, contentType, body, extraHeaders, created, nonce);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        for (Map.Entry<String, List<String>> e : toWireHeaders(request, extraHeaders).entrySet()) {
            for (String v : e.getValue()) {
                b.header(e.getKey(), v);
            }
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new SignedResponse(resp.statusCode(), resp.headers().map(), resp.body(), request);
    }

    /** The signing headers plus the caller's extra headers (Idempotency-Key ...), as sent on the wire. */
    private static Map<String, List<String>> toWireHeaders(HttpMessage request, Map<String, String> extraHeaders) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> names = new java.util.ArrayList<>();
        if (extraHeaders != null) {
            extraHeaders.keySet().forEach(name -> names.add(name.toLowerCase(java.util.Locale.ROOT)));
        }
        names.addAll(List.of("content-type", "content-digest", "signature-input", "signature"));
        for (String name : names) {
            List<String> v = request.headerValues(name);
            if (!v.isEmpty()) {
                out.put(name, v);
            }
        }
        return out;
    }

    /**
     * The signed request as a message: the extra headers, {@code Content-Type} (when given), {@code Content-Digest}
     * (always, of the empty body when there is none) and {@code Signature-Input}/{@code Signature} label
     * {@code sig1} covering {@code "@method" "@target-uri" "content-digest"} and {@code "content-type"} when set.
     */
    public static HttpMessage signedRequest(MessageSigner signer, DigestAlgorithm digest, String method, URI uri,
            String contentType, byte[] body, Map<String, String> extraHeaders, long created, String nonce)
            throws SignatureCheckException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (extraHeaders != null) {
            extraHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
        }
        List<ComponentId> covered = new ArrayList<>(List.of(
                ComponentId.of("@method"), ComponentId.of("@target-uri"), ComponentId.of("content-digest")));
        if (contentType != null) {
            headers.put("Content-Type", List.of(contentType));
            covered.add(ComponentId.of("content-type"));
        }
        headers.put("Content-Digest", List.of(ContentDigest.header(digest, body == null ? new byte[0] : body)));
        SignatureParameters params = SignatureParameters.builder()
                .components(covered)
                .created(created)
                .nonce(nonce)
                .keyId(signer.keyId())
                .alg(signer.algorithm().token())
                .build();
        HttpMessage unsigned = HttpMessage.request(method, uri, headers);
        HttpMessageSignatures.SignedHeaders signed = HttpMessageSignatures.sign(unsigned, null, LABEL, params, signer);
        headers.put(HttpMessageSignatures.SIGNATURE_INPUT, List.of(signed.signatureInput()));
        headers.put(HttpMessageSignatures.SIGNATURE, List.of(signed.signature()));
        return HttpMessage.request(method, uri, headers);
    }

    /** A random 128-bit nonce, base64url without padding. */
    public static String newNonce() {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(n);
    }

    /**
     * Checks the hub's answer: signature {@code sig1} covering at least {@code "@status"}, {@code "content-digest"},
     * {@code "signature";req;key="sig1"} and {@code "content-type"} when the response has one; its
     * {@code Content-Digest} matching the body; and the signature verifying with the hub's key.
     */
    public static void verifyResponse(SignedResponse resp, HttpMessage originalSignedRequest, MessageVerifier hubVerifier)
            throws SignatureCheckException {
        HttpMessage message = resp.message();
        HttpMessageSignatures.ParsedSignature sig = HttpMessageSignatures.parse(
                resp.header(HttpMessageSignatures.SIGNATURE_INPUT), resp.header(HttpMessageSignatures.SIGNATURE), LABEL);
        List<ComponentId> required = new ArrayList<>(List.of(ComponentId.of("@status"),
                ComponentId.of("content-digest"), ComponentId.signatureOfRequest(LABEL)));
        if (resp.header("content-type") != null) {
            required.add(ComponentId.of("content-type"));
        }
        for (ComponentId c : required) {
            if (!sig.params().covers(c)) {
                throw new SignatureCheckException(Failure.COMPONENT_MISSING, "the hub's signature does not cover " + c);
            }
        }
        ContentDigest.verify(resp.header(ContentDigest.HEADER), resp.body());
        HttpMessageSignatures.verify(sig, message, originalSignedRequest, hubVerifier);
    }
}
