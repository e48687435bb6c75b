package cn.smedt.connectors.govauth.zhengding;

import cn.smedt.connectors.govauth.GovAuthException;
import cn.smedt.connectors.govauth.QueryParameters;
import cn.smedt.connectors.govauth.zhengding.ZhengdingSignatureException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Checks a request signed with the 浙政钉 HMAC scheme ({@link ZhengdingHmacAuth}, whose comment defines the signed
 * text): for test stubs that play the platform, and for inbound callbacks that use the same scheme.
 *
 * <p>Checks, in this order: all five headers present; version {@code 1.0}; a secret known for the {@code apiKey};
 * the timestamp parses ({@code yyyy-MM-dd'T'HH:mm:ss.SSS} and an offset) and lies within {@code window} of the
 * verifier's clock, in the past or the future; the signature equals the one recomputed over the request's method,
 * raw path, decoded query, timestamp and nonce, compared in constant time ({@link MessageDigest#isEqual}).
 *
 * <p>Nonces are not remembered: a request replayed within the window passes. A server that must refuse replays keeps
 * the nonces it has seen for the length of the window. Header names are matched case-insensitively.
 */
public final class ZhengdingHmacVerifier {

    /** The window used when none is given: five minutes either side of the verifier's clock. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    private static final DateTimeFormatter RECEIVED_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT);

    private final Function<String, Optional<String>> secretForApiKey;
    private final Clock clock;
    private final Duration window;

    /**
     * @param secretForApiKey the secret key of an {@code apiKey}, empty when the key is unknown
     * @param clock           the verifier's time
     * @param window          how far a timestamp may be from the clock
     */
    public ZhengdingHmacVerifier(Function<String, Optional<String>> secretForApiKey, Clock clock, Duration window) {
        this.secretForApiKey = Objects.requireNonNull(secretForApiKey, "secretForApiKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (window == null || window.isNegative()) {
            throw new GovAuthException("浙政钉 HMAC verifier: the timestamp window must be zero or positive");
        }
        this.window = window;
    }

    /** A verifier that knows one application. */
    public static ZhengdingHmacVerifier forSingleKey(String apiKey, String secretKey, Clock clock, Duration window) {
        String key = ZhengdingHmacAuth.requireText(apiKey, "apiKey");
        String secret = ZhengdingHmacAuth.requireText(secretKey, "secretKey");
        return new ZhengdingHmacVerifier(k -> key.equals(k) ? Optional.of(secret) : Optional.empty(), clock, window);
    }

    /**
     * Checks a request.
     *
     * @param method   the request's HTTP method
     * @param rawPath  the request path as received (percent-encoded, no query)
     * @param rawQuery the query as received (percent-encoded, no {@code ?}), or null
     * @param header   the value of a request header by name (null when absent); the name is one of the
     *                 {@code ZhengdingHmacAuth.*_HEADER} constants
     * @return empty when the request is authentic, else why not
     */
    public Optional<Reason> check(String method, String rawPath, String rawQuery, Function<String, String> header) {
        QueryParameters query;
        try {
            query = QueryParameters.parse(rawQuery);
        } catch (GovAuthException e) {
            return Optional.of(Reason.MALFORMED_QUERY);
        }
        return check(method, rawPath, query, header);
    }

    /** As {@link #check(String, String, String, Function)} with headers in a map (names in any case). */
    public Optional<Reason> check(String method, String rawPath, String rawQuery, Map<String, String> headers) {
        return check(method, rawPath, rawQuery, caseInsensitive(headers));
    }

    /** As {@link #check(String, String, String, Function)} with the query already decoded. */
    public Optional<Reason> check(String method, String rawPath, QueryParameters query,
                                  Function<String, String> header) {
        String timestamp = header.apply(ZhengdingHmacAuth.TIMESTAMP_HEADER);
        String version = header.apply(ZhengdingHmacAuth.VERSION_HEADER);
        String nonce = header.apply(ZhengdingHmacAuth.NONCE_HEADER);
        String apiKey = header.apply(ZhengdingHmacAuth.API_KEY_HEADER);
        String given = header.apply(ZhengdingHmacAuth.SIGNATURE_HEADER);
        if (blank(timestamp) || blank(version) || blank(nonce) || blank(apiKey) || blank(given) || blank(method)
                || blank(rawPath)) {
            return Optional.of(Reason.MISSING_HEADER);
        }
        if (!ZhengdingHmacAuth.VERSION.equals(version.trim())) {
            return Optional.of(Reason.UNSUPPORTED_VERSION);
        }
        Optional<String> secret = secretForApiKey.apply(apiKey);
        if (secret.isEmpty()) {
            return Optional.of(Reason.UNKNOWN_API_KEY);
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(timestamp, RECEIVED_TIMESTAMP).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.of(Reason.MALFORMED_TIMESTAMP);
        }
        if (Duration.between(at, clock.instant()).abs().compareTo(window) > 0) {
            return Optional.of(Reason.TIMESTAMP_OUTSIDE_WINDOW);
        }
        String expected = ZhengdingHmacAuth.signature(secret.get().getBytes(StandardCharsets.UTF_8),
                ZhengdingHmacAuth.stringToSign(method, timestamp, nonce, rawPath, query));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Reason.SIGNATURE_MISMATCH);
        }
        return Optional.empty();
    }

    /**
     * As {@link #check(String, String, String, Function)}, throwing when the request is not authentic.
     *
     * @throws ZhengdingSignatureException naming the reason
     */
    public void verify(String method, String rawPath, String rawQuery, Function<String, String> header) {
        Optional<Reason> refused = check(method, rawPath, rawQuery, header);
        if (refused.isPresent()) {
            throw new ZhengdingSignatureException(refused.get());
        }
    }

    /** As {@link #verify(String, String, String, Function)} with headers in a map (names in any case). */
    public void verify(String method, String rawPath, String rawQuery, Map<String, String> headers) {
        verify(method, rawPath, rawQuery, caseInsensitive(headers));
    }

    private static Function<String, String> caseInsensitive(Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null) {
                    byName.put(name, value);
                }
            });
        }
        return byName::get;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
