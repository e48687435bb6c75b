package cn.smedt.connectors.govauth.irs;

import cn.smedt.connectors.govauth.GovAuthException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Signs calls to the Zhejiang IRS data-sharing gateway (shared/DOMAIN.md, "How existing government platforms
 * authenticate"): each call carries {@code appKey}, {@code requestTime} (epoch milliseconds of this process's clock)
 * and {@code sign = md5hex(appKey + requestSecret + requestTime)}, the MD5 of the UTF-8 concatenation written as 32
 * lower-case hex digits.
 *
 * <p>The three values travel as <b>query parameters</b>: DOMAIN.md says only that each call "carries" them; the
 * gateway's published examples put them in the URL, which works for GET and POST alike and leaves the body alone.
 *
 * <p>The request secret comes from a {@link RequestSecretSource} and is cached. It is fetched again when a call is
 * signed at or after its refresh time, {@code expiresAt - min(refreshMargin, lifetime / 2)} (the half-lifetime cap
 * keeps a secret that lives shorter than the margin from being fetched on every call). Should that fetch fail while
 * the cached secret has not yet expired, the cached one is used and the next call tries again; once it has expired
 * the failure is thrown. {@link #invalidate()} forces a fetch, e.g. after the gateway refused a secret.
 *
 * <p>Thread-safe: signing reads the cache without locking; one caller fetches while concurrent callers wait for it
 * and share the result.
 */
public final class IrsRequestSecretAuth {

    public static final String APP_KEY_PARAM = "appKey";
    public static final String REQUEST_TIME_PARAM = "requestTime";
    public static final String SIGN_PARAM = "sign";
    /** Refresh margin used when none is given. */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(1);

    private record Cached(RequestSecret secret, Instant refreshAt) {
    }

    private final String appKey;
    private final RequestSecretSource source;
    private final Clock clock;
    private final Duration refreshMargin;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile Cached cached;

    /**
     * @param appKey        the application's key
     * @param source        where request secrets come from
     * @param clock         source of {@code requestTime} and of the cache's notion of now
     * @param refreshMargin how long before its expiry a secret is replaced
     */
    public IrsRequestSecretAuth(String appKey, RequestSecretSource source, Clock clock, Duration refreshMargin) {
        this.appKey = requireText(appKey, "appKey");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (refreshMargin == null || refreshMargin.isNegative()) {
            throw new GovAuthException("IRS authentication: the refresh margin must be zero or positive");
        }
        this.refreshMargin = refreshMargin;
    }

    /**
     * The token endpoint over HTTP ({@link HttpRequestSecretSource}), the system clock and
     * {@link #DEFAULT_REFRESH_MARGIN}: the form for a YAML bean.
     */
    public IrsRequestSecretAuth(String appKey, String appSecret, String tokenUrl) {
        this(appKey, new HttpRequestSecretSource(toUri(tokenUrl), appKey, appSecret), Clock.systemUTC(),
                DEFAULT_REFRESH_MARGIN);
    }

    public String appKey() {
        return appKey;
    }

    /**
     * The three parameters for a call made now, in the order {@code appKey}, {@code requestTime}, {@code sign}
     * (values not URL-encoded).
     *
     * @throws GovAuthException when no valid request secret can be obtained
     */
    public Map<String, String> queryParameters() {
        RequestSecret secret = currentSecret();
        String requestTime = Long.toString(clock.millis());
        Map<String, String> params = new LinkedHashMap<>();
        params.put(APP_KEY_PARAM, appKey);
        params.put(REQUEST_TIME_PARAM, requestTime);
        params.put(SIGN_PARAM, sign(appKey, secret.value(), requestTime));
        return Collections.unmodifiableMap(params);
    }

    /** Drops the cached secret: the next call fetches a new one. */
    public void invalidate() {
        cached = null;
    }

    /** {@code md5hex(appKey + requestSecret + requestTime)}. */
    public static String sign(String appKey, String requestSecret, String requestTime) {
        return md5Hex(appKey + requestSecret + requestTime);
    }

    /** Lower-case hex MD5 of the UTF-8 bytes of {@code text}. */
    public static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new GovAuthException("MD5 is not available in this JVM", e);
        }
    }

    private RequestSecret currentSecret() {
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.secret();
        }
        fetching.lock();
        try {
            current = cached;
            Instant now = clock.instant();
            if (current != null && now.isBefore(current.refreshAt())) {
                return current.secret(); // another caller refreshed it meanwhile
            }
            RequestSecret fresh;
            try {
                fresh = source.fetch();
            } catch (GovAuthException e) {
                if (current != null && now.isBefore(current.secret().expiresAt())) {
                    return current.secret(); // still valid: use it, try again on the next call
                }
                throw e;
            }
            if (fresh == null || !now.isBefore(fresh.expiresAt())) {
                throw new GovAuthException("IRS request secret source for app " + appKey
                        + " returned a secret that has already expired");
            }
            Duration lifetime = Duration.between(now, fresh.expiresAt());
            Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) < 0 ? refreshMargin
                    : lifetime.dividedBy(2);
            cached = new Cached(fresh, fresh.expiresAt().minus(margin));
            return fresh;
        } finally {
            fetching.unlock();
        }
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new GovAuthException("IRS authentication: " + what + " is missing");
        }
        return value;
    }

    private static URI toUri(String tokenUrl) {
        try {
            return URI.create(requireText(tokenUrl, "token URL").trim());
        } catch (IllegalArgumentException e) {
            throw new GovAuthException("IRS authentication: token URL is not a URI: " + tokenUrl, e);
        }
    }

    @Override
    public String toString() {
        return "IrsRequestSecretAuth[appKey=" + appKey + ", source=" + source + "]";
    }
}
