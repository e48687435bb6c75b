package cn.smedt.connectors.govauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 浙政钉 (Zhejiang government DingTalk) open-platform HMAC scheme (shared/DOMAIN.md): headers
 * {@code X-Hmac-Auth-Timestamp} ({@code yyyy-MM-dd'T'HH:mm:ss.000+08:00}, Asia/Shanghai), {@code X-Hmac-Auth-Version:
 * 1.0}, {@code X-Hmac-Auth-Nonce}, {@code apiKey} and {@code X-Hmac-Auth-Signature} = Base64(HMAC-SHA256(secret,
 * text)) where text is {@code METHOD\nTIMESTAMP\nNONCE\nURI}, followed by {@code \n} and the query parameters sorted by
 * name as {@code k=v&k=v} when there are any (no trailing newline without query; values as sent, not re-encoded).
 * The same class signs (outbound connector) and verifies (stubs, inbound callbacks) in constant time.
 */
public final class ZhengdingHmac {

    public static final String TIMESTAMP = "X-Hmac-Auth-Timestamp";
    public static final String VERSION = "X-Hmac-Auth-Version";
    public static final String NONCE = "X-Hmac-Auth-Nonce";
    public static final String API_KEY = "apiKey";
    public static final String SIGNATURE = "X-Hmac-Auth-Signature";
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.000xxx");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final String apiKey;
    private final byte[] secret;
    private final Clock clock;
    private final Supplier<String> nonces;

    /**
     * @param apiKey    the application's key issued by the platform
     * @param secretKey the matching secret (from configuration; never logged)
     * @param clock     time source of the timestamp
     * @param nonces    a fresh nonce per request
     */
    public ZhengdingHmac(String apiKey, String secretKey, Clock clock, Supplier<String> nonces) {
        if (apiKey == null || apiKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new GovAuthException("浙政钉 HMAC needs an apiKey and a secretKey");
        }
        this.apiKey = apiKey;
        this.secret = secretKey.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.nonces = nonces;
    }

    /** With the system clock and random UUID nonces. */
    public ZhengdingHmac(String apiKey, String secretKey) {
        this(apiKey, secretKey, Clock.systemUTC(), () -> UUID.randomUUID().toString().replace("-", ""));
    }

    /** The headers for one request. */
    public Map<String, String> headers(String method, String uri, Map<String, String> query) {
        String timestamp = FORMAT.format(OffsetDateTime.now(clock).atZoneSameInstant(SHANGHAI));
        String nonce = nonces.get();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TIMESTAMP, timestamp);
        headers.put(VERSION, "1.0");
        headers.put(NONCE, nonce);
        headers.put(API_KEY, apiKey);
        headers.put(SIGNATURE, sign(method, timestamp, nonce, uri, query));
        return headers;
    }

    /** The text that is signed, for documentation and known-answer tests. */
    public static String signedText(String method, String timestamp, String nonce, String uri, Map<String, String> query) {
        StringBuilder text = new StringBuilder(method.toUpperCase()).append('\n').append(timestamp).append('\n')
                .append(nonce).append('\n').append(uri);
        if (query != null && !query.isEmpty()) {
            text.append('\n').append(new TreeMap<>(query).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&")));
        }
        return text.toString();
    }

    String sign(String method, String timestamp, String nonce, String uri, Map<String, String> query) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signedText(method, timestamp, nonce, uri, query)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new GovAuthException("HMAC-SHA256 unavailable", e);
        }
    }

    /**
     * Checks a received request: the right apiKey and version, a timestamp within {@code window} of now, and the
     * signature. Returns null when valid, else the reason.
     */
    public String verify(String method, String uri, Map<String, String> query, Map<String, String> headers,
                         Duration window) {
        if (!apiKey.equals(headers.get(API_KEY))) {
            return "unknown apiKey";
        }
        if (!"1.0".equals(headers.get(VERSION))) {
            return "unsupported version";
        }
        String timestamp = headers.get(TIMESTAMP);
        try {
            OffsetDateTime at = OffsetDateTime.parse(timestamp, FORMAT);
            if (Duration.between(at.toInstant(), clock.instant()).abs().compareTo(window) > 0) {
                return "timestamp outside the window";
            }
        } catch (DateTimeParseException | NullPointerException e) {
            return "malformed timestamp";
        }
        String expected = sign(method, timestamp, headers.get(NONCE), uri, query);
        String given = headers.get(SIGNATURE);
        if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII))) {
            return "signature mismatch";
        }
        return null;
    }
}
