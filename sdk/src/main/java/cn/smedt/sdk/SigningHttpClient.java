package cn.smedt.sdk;

import cn.smedt.security.client.SignedHttpClient;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.SignatureCheckException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The {@link HttpClient} the generated API classes send through: it signs each request (RFC 9421 label
 * {@code sig1} over {@code "@method" "@target-uri" "content-digest"} and {@code "content-type"}, with the RFC 9530
 * {@code Content-Digest} of the body it computes itself: {@link SignedHttpClient#signedRequest}) and checks the
 * hub's signed answer ({@link SignedHttpClient#verifyResponse}) before the generated code reads it. An answer that
 * fails the check is thrown as {@link UnverifiedAnswerException}; a verified {@code application/problem+json}
 * refusal as {@link HubProblemException}. The answer is read whole (the check needs the body's digest).
 */
public final class SigningHttpClient extends HttpClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers the signer sets; any the caller set are replaced. */
    private static final List<String> SIGNING_HEADERS = List.of("content-digest", "signature-input", "signature");
    /** How long the body of a request is waited for (the generated code gives it as bytes at once). */
    private static final long BODY_TIMEOUT_SECONDS = 30;

    private final HttpClient http;
    private final MessageSigner signer;
    private final DigestAlgorithm digest;
    private final HubKeys hubKeys;

    /**
     * @param http    the client that sends (timeouts, TLS trust, proxy are its)
     * @param signer  the partner's signer (its key id is the one the hub operator registered)
     * @param digest  the Content-Digest algorithm ({@code sm3} or {@code sha-256})
     * @param hubKeys the hub keys answers are checked with
     */
    public SigningHttpClient(HttpClient http, MessageSigner signer, DigestAlgorithm digest, HubKeys hubKeys) {
        this.http = http;
        this.signer = signer;
        this.digest = digest;
        this.hubKeys = hubKeys;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        byte[] body = bodyOf(request);
        HttpMessage signed = sign(request, body);
        HttpResponse<byte[]> response = http.send(wireRequest(request, signed, body),
                HttpResponse.BodyHandlers.ofByteArray());
        return checked(response, signed, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            byte[] body = bodyOf(request);
            HttpMessage signed = sign(request, body);
            return http.sendAsync(wireRequest(request, signed, body), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> {
                        try {
                            return checked(response, signed, handler);
                        } catch (IOException e) {
                            throw new CompletionException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new CompletionException(e);
                        }
                    });
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    private HttpMessage sign(HttpRequest request, byte[] body) throws IOException {
        Map<String, String> extra = new LinkedHashMap<>();
        request.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("content-type") && !SIGNING_HEADERS.contains(lower) && !values.isEmpty()) {
                extra.put(name, values.get(0));
            }
        });
        try {
            return SignedHttpClient.signedRequest(signer, digest, request.method(), request.uri(),
                    request.headers().firstValue("Content-Type").orElse(null), body, extra,
                    Instant.now().getEpochSecond(), SignedHttpClient.newNonce());
        } catch (SignatureCheckException e) {
            throw new IOException("could not sign " + request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        }
    }

    /** The request as sent: the caller's, with the signed Content-Type, Content-Digest and signature headers. */
    private static HttpRequest wireRequest(HttpRequest request, HttpMessage signed, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            return !lower.equals("content-type") && !SIGNING_HEADERS.contains(lower);
        });
        for (String name : List.of("content-type", "content-digest", "signature-input", "signature")) {
            for (String value : signed.headerValues(name)) {
                b.header(name, value);
            }
        }
        return b.method(request.method(), body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private <T> HttpResponse<T> checked(HttpResponse<byte[]> response, HttpMessage signed,
            HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        SignedHttpClient.SignedResponse answer = new SignedHttpClient.SignedResponse(response.statusCode(),
                response.headers().map(), response.body(), signed);
        try {
            SignedHttpClient.verifyResponse(answer, signed, hubKeys.verifierFor(keyIdOf(answer)));
        } catch (SignatureCheckException e) {
            throw new UnverifiedAnswerException(e.failure(), response.statusCode(), e.getMessage(), e);
        }
        String contentType = answer.header("content-type");
        if (response.statusCode() >= 400 && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            throw problem(answer);
        }
        return new CheckedResponse<>(response, bodyFor(response, handler));
    }

    /** The key id the answer's signature names, or null when it names none (or cannot be parsed: verify says why). */
    private static String keyIdOf(SignedHttpClient.SignedResponse answer) {
        try {
            return HttpMessageSignatures.parse(answer.header(HttpMessageSignatures.SIGNATURE_INPUT),
                    answer.header(HttpMessageSignatures.SIGNATURE), SignedHttpClient.LABEL).params().keyId();
        } catch (SignatureCheckException e) {
            return null;
        }
    }

    private static HubProblemException problem(SignedHttpClient.SignedResponse answer) {
        String text = answer.bodyText();
        JsonNode problem;
        try {
            problem = JSON.readTree(text);
        } catch (IOException e) {
            problem = JSON.createObjectNode();
        }
        List<HubProblemException.FieldError> errors = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            errors.add(new HubProblemException.FieldError(error.path("code").asText(null),
                    error.path("pointer").asText(null), error.path("detail").asText(null)));
        }
        return new HubProblemException(answer.status(), problem.path("code").asText(null),
                problem.path("title").asText(null), problem.path("detail").asText(null), errors, text);
    }

    /** The verified body handed to the caller's handler, as the network would have. */
    private static <T> T bodyFor(HttpResponse<byte[]> response, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public HttpClient.Version version() {
                return response.version();
            }
        });
        byte[] bytes = response.body() == null ? new byte[0] : response.body();
        subscriber.onSubscribe(new OneShot(subscriber, bytes));
        try {
            return subscriber.getBody().toCompletableFuture().get(BODY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the answer's body could not be handed over: " + e, e);
        }
    }

    /** Reads the body a request publishes (the generated code publishes a byte array; GETs publish none). */
    private static byte[] bodyOf(HttpRequest request) throws IOException, InterruptedException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        CompletableFuture<byte[]> collected = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable throwable) {
                collected.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                collected.complete(out.toByteArray());
            }
        });
        try {
            return collected.get(BODY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the body of " + request.method() + " " + request.uri() + " could not be read: "
                    + e, e);
        }
    }

    /** Delivers one buffer, then completes. */
    private static final class OneShot implements Flow.Subscription {
        private final Flow.Subscriber<? super List<ByteBuffer>> subscriber;
        private final byte[] bytes;
        private boolean done;

        OneShot(Flow.Subscriber<? super List<ByteBuffer>> subscriber, byte[] bytes) {
            this.subscriber = subscriber;
            this.bytes = bytes;
        }

        @Override
        public synchronized void request(long n) {
            if (done || n <= 0) {
                return;
            }
            done = true;
            if (bytes.length > 0) {
                subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
            }
            subscriber.onComplete();
        }

        @Override
        public synchronized void cancel() {
            done = true;
        }
    }

    /** The checked answer, its body as the caller's handler made it. */
    private record CheckedResponse<T>(HttpResponse<byte[]> raw, T body) implements HttpResponse<T> {
        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public URI uri() {
            return raw.uri();
        }

        @Override
        public HttpClient.Version version() {
            return raw.version();
        }
    }

    // configuration: that of the client that sends

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return http.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return http.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return http.authenticator();
    }

    @Override
    public Version version() {
        return http.version();
    }

    @Override
    public Optional<Executor> executor() {
        return http.executor();
    }
}
