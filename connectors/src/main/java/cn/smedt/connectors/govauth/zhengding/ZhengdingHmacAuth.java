package cn.smedt.connectors.govauth.zhengding;

import cn.smedt.connectors.govauth.GovAuthException;
import cn.smedt.connectors.govauth.QueryParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests for the 浙政钉 (Zhejiang government DingTalk) open platform with its HMAC-SHA256 scheme
 * (shared/DOMAIN.md, "How existing government platforms authenticate").
 *
 * <p>Headers added to each request:
 * <ul>
 *   <li>{@code X-Hmac-Auth-Timestamp}: the current time in Asia/Shanghai as
 *       {@code yyyy-MM-dd'T'HH:mm:ss.000+08:00} (milliseconds always written as {@code 000});</li>
 *   <li>{@code X-Hmac-Auth-Version}: {@code 1.0};</li>
 *   <li>{@code X-Hmac-Auth-Nonce}: from the nonce source; by default the 13-digit epoch milliseconds followed by a
 *       4-digit sequence number (random start), the form the platform's SDKs recommend;</li>
 *   <li>{@code apiKey}: the application's key;</li>
 *   <li>{@code X-Hmac-Auth-Signature}: {@code Base64(HMAC-SHA256(secretKey, text))}, standard Base64 with padding,
 *       key and text as UTF-8.</li>
 * </ul>
 *
 * <p>The signed text, as this class reads DOMAIN.md ("{@code METHOD\nTIMESTAMP\nNONCE\nURI} plus sorted
 * {@code k=v&...} query parameters"):
 * <pre>
 * METHOD '\n' TIMESTAMP '\n' NONCE '\n' URI [ '\n' k1=v1&amp;k2=v2... ]
 * </pre>
 * <ul>
 *   <li>METHOD is upper-cased; TIMESTAMP and NONCE are exactly the header values;</li>
 *   <li>URI is the request path without scheme, host and query, as it goes on the wire (percent-encoded, e.g.
 *       {@code /gettoken.json});</li>
 *   <li>the query line is present only when the URL has query parameters: <b>no trailing newline</b> when there is
 *       no query;</li>
 *   <li>query parameters are the decoded names and values ({@code %XX} and {@code +} decoded, not re-encoded),
 *       sorted by name and, for a repeated name, by value (both by {@link String#compareTo}), written as
 *       {@code name=value} joined by {@code &}; a parameter without a value is written {@code name=};</li>
 *   <li>the body is not signed (DOMAIN.md names only the query). Parameters the platform must see signed go in the
 *       query.</li>
 * </ul>
 *
 * <p>The secret key comes from configuration; it is kept as bytes, never logged, never part of a message or of
 * {@link #toString()}. Instances are immutable and thread-safe. {@link ZhengdingHmacVerifier} checks such requests.
 */
public final class ZhengdingHmacAuth {

    public static final String TIMESTAMP_HEADER = "X-Hmac-Auth-Timestamp";
    public static final String VERSION_HEADER = "X-Hmac-Auth-Version";
    public static final String NONCE_HEADER = "X-Hmac-Auth-Nonce";
    public static final String API_KEY_HEADER = "apiKey";
    public static final String SIGNATURE_HEADER = "X-Hmac-Auth-Signature";
    /** The only version of the scheme. */
    public static final String VERSION = "1.0";

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000'xxx", Locale.ROOT).withZone(SHANGHAI);
    private static final String HMAC = "HmacSHA256";
    private static final Comparator<Map.Entry<String, String>> CANONICAL_ORDER =
            Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.<String, String>comparingByValue());

    private final String apiKey;
    private final byte[] secretKey;
    private final Clock clock;
    private final Supplier<String> nonces;

    /**
     * @param apiKey    the application's key issued by the platform
     * @param secretKey the matching secret, from configuration
     * @param clock     source of the timestamp
     * @param nonces    a fresh nonce for every request
     * @throws GovAuthException when the key or the secret is missing or blank
     */
    public ZhengdingHmacAuth(String apiKey, String secretKey, Clock clock, Supplier<String> nonces) {
        this.apiKey = requireText(apiKey, "apiKey");
        this.secretKey = requireText(secretKey, "secretKey").getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /** With the system clock and {@link #defaultNonces(Clock) default nonces}. */
    public ZhengdingHmacAuth(String apiKey, String secretKey) {
        this(apiKey, secretKey, Clock.systemUTC(), defaultNonces(Clock.systemUTC()));
    }

    /**
     * Nonces of 17 digits: the clock's epoch milliseconds (13 digits) and a 4-digit sequence number that starts at a
     * random value, so nonces of one process do not repeat unless 10,000 requests are signed in one millisecond.
     */
    public static Supplier<String> defaultNonces(Clock clock) {
        AtomicInteger sequence = new AtomicInteger(new SecureRandom().nextInt(10_000));
        return () -> String.format(Locale.ROOT, "%013d%04d", clock.millis(),
                Math.floorMod(sequence.getAndIncrement(), 10_000));
    }

    public String apiKey() {
        return apiKey;
    }

    /**
     * The five headers for one request, in the order listed in the class comment.
     *
     * @param method  HTTP method (any case)
     * @param rawPath the request path as sent, e.g. {@code /open/events}
     * @param query   the request's query parameters (decoded); empty when none
     */
    public Map<String, String> headers(String method, String rawPath, QueryParameters query) {
        String timestamp = TIMESTAMP_FORMAT.format(clock.instant());
        String nonce = requireText(nonces.get(), "nonce");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TIMESTAMP_HEADER, timestamp);
        headers.put(VERSION_HEADER, VERSION);
        headers.put(NONCE_HEADER, nonce);
        headers.put(API_KEY_HEADER, apiKey);
        headers.put(SIGNATURE_HEADER, signature(secretKey, stringToSign(method, timestamp, nonce, rawPath, query)));
        return Collections.unmodifiableMap(headers);
    }

    /** As {@link #headers(String, String, QueryParameters)} with a raw (percent-encoded) query string or null. */
    public Map<String, String> headers(String method, String rawPath, String rawQuery) {
        return headers(method, rawPath, QueryParameters.parse(rawQuery));
    }

    /** The text that is signed (see the class comment); public for documentation and known-answer tests. */
    public static String stringToSign(String method, String timestamp, String nonce, String rawPath,
                                      QueryParameters query) {
        StringBuilder text = new StringBuilder()
                .append(requireText(method, "method").trim().toUpperCase(Locale.ROOT)).append('\n')
                .append(timestamp).append('\n')
                .append(nonce).append('\n')
                .append(requireText(rawPath, "URI path"));
        if (query != null && !query.isEmpty()) {
            text.append('\n').append(query.entries().stream()
                    .sorted(CANONICAL_ORDER)
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("&")));
        }
        return text.toString();
    }

    static String signature(byte[] secretKey, String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secretKey, HMAC));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new GovAuthException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new GovAuthException("浙政钉 HMAC authentication: " + what + " is missing");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ZhengdingHmacAuth[apiKey=" + apiKey + "]";
    }
}
