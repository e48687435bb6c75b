package cn.smedt.sdk;

import cn.smedt.sdk.client.ApiClient;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The partner SDK: the API classes generated from the hub's contracts (package {@code cn.smedt.sdk.<contract>},
 * e.g. {@link cn.smedt.sdk.loans.LoansApi}), wired to send through a {@link SigningHttpClient} that signs every
 * request with the partner's key and checks every answer with the hub's key. Thread-safe.
 *
 * <pre>{@code
 * HubSdk hub = HubSdk.builder()
 *         .baseUri(URI.create("http://127.0.0.1:8080"))
 *         .keyId("demo-bank-zz-key-1")
 *         .privateKeyPem(Path.of("data/demo-keys/demo-bank-zz-private.pem"))
 *         .build();
 * LoanAccepted accepted = hub.api(LoansApi::new).submitLoan(HubSdk.newIdempotencyKey(), loan);
 * }</pre>
 *
 * docs/partner-sdk.md walks through a bank's first calls.
 */
public final class HubSdk {

    private final ApiClient apiClient;

    private HubSdk(ApiClient apiClient) {
        this.apiClient = apiClient;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An API class of the SDK wired to this hub, e.g. {@code hub.api(LoansApi::new)}. */
    public <T> T api(Function<ApiClient, T> constructor) {
        return constructor.apply(apiClient);
    }

    /** The generated client the API classes share (base URI {@code <hub>/api/v1}, the signing HTTP client). */
    public ApiClient apiClient() {
        return apiClient;
    }

    /**
     * A fresh {@code Idempotency-Key} for a write (a random UUID). Reuse the key of a write to retry it: the hub
     * answers a retry with the same body with its stored answer.
     */
    public static String newIdempotencyKey() {
        return UUID.randomUUID().toString();
    }

    /** The settings of a {@link HubSdk}: the hub, the partner's key, the hub's keys. */
    public static final class Builder {

        /** The hub's root URL as the hub is configured to be reached ({@code hub.gateway.public-base-url}). */
        private URI baseUri;
        /** The key id the hub operator registered for the partner's key. */
        private String keyId;
        /** The partner's private key (PEM file; PKCS#8 or SEC1). */
        private Path privateKeyPem;
        /** The signature algorithm; by default the one of the private key (SM2 keys: sm2-sm3). */
        private SignatureAlgorithm algorithm;
        /** A ready signer instead of {@link #keyId} and {@link #privateKeyPem}. */
        private MessageSigner signer;
        /** The Content-Digest algorithm, SM3 by default. */
        private DigestAlgorithm digest = DigestAlgorithm.SM3;
        /** The hub keys answers are checked with; by default the hub's /.well-known/hub-keys, read on first use. */
        private HubKeys hubKeys;
        /** The client that sends (TLS trust, proxy); by default one with a 5 s connect timeout. */
        private HttpClient httpClient;
        /** How long an answer is waited for; none by default. */
        private Duration readTimeout;

        private Builder() {
        }

        public Builder baseUri(URI baseUri) {
            this.baseUri = baseUri;
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public Builder privateKeyPem(Path privateKeyPem) {
            this.privateKeyPem = privateKeyPem;
            return this;
        }

        public Builder algorithm(SignatureAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public Builder signer(MessageSigner signer) {
            this.signer = signer;
            return this;
        }

        public Builder digest(DigestAlgorithm digest) {
            this.digest = digest;
            return this;
        }

        public Builder hubKeys(HubKeys hubKeys) {
            this.hubKeys = hubKeys;
            return this;
        }

        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public HubSdk build() {
            Objects.requireNonNull(baseUri, "baseUri");
            HttpClient http = httpClient != null ? httpClient
                    : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HubKeys keys = hubKeys != null ? hubKeys : HubKeys.wellKnown(http, baseUri);
            SigningHttpClient signing = new SigningHttpClient(http, signer != null ? signer : signerFromKey(),
                    Objects.requireNonNull(digest, "digest"), keys);
            ApiClient client = new SignedApiClient(signing);
            String root = baseUri.toString().replaceAll("/+$", "");
            client.updateBaseUri(root + "/api/v1");
            if (readTimeout != null) {
                client.setReadTimeout(readTimeout);
            }
            return new HubSdk(client);
        }

        private MessageSigner signerFromKey() {
            Objects.requireNonNull(keyId, "keyId (or signer)");
            PrivateKey key = PemKeys.readPrivateKey(Objects.requireNonNull(privateKeyPem, "privateKeyPem (or signer)"));
            SignatureAlgorithm alg = algorithm != null ? algorithm : PemKeys.detectAlgorithm(key).orElseThrow(() ->
                    new IllegalArgumentException("cannot tell the algorithm of " + privateKeyPem + ": set algorithm"));
            return Signers.create(alg, key, keyId);
        }
    }

    /** The generated client, sending through the signing client. */
    private static final class SignedApiClient extends ApiClient {
        private final HttpClient signing;

        SignedApiClient(HttpClient signing) {
            this.signing = signing;
        }

        @Override
        public HttpClient getHttpClient() {
            return signing;
        }
    }
}
