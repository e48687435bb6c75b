package cn.smedt.connectors.govauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs calls to the Zhejiang IRS data-sharing gateway (shared/DOMAIN.md): query parameters {@code appKey},
 * {@code requestTime} (epoch ms) and {@code sign = md5hex(appKey + requestSecret + requestTime)} (lower-case hex).
 * The request secret is fetched from a {@link RequestSecretSource}, kept until {@code refreshBefore} its expiry,
 * then fetched again; concurrent callers share one fetch.
 */
public final class IrsSigner {

    private final String appKey;
    private final RequestSecretSource source;
    private final Clock clock;
    private final Duration refreshBefore;
    private RequestSecret current;

    public IrsSigner(String appKey, RequestSecretSource source, Clock clock, Duration refreshBefore) {
        this.appKey = appKey;
        this.source = source;
        this.clock = clock;
        this.refreshBefore = refreshBefore;
    }

    /** The three query parameters for a call made now. */
    public Map<String, String> queryParameters() {
        String requestTime = Long.toString(clock.millis());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("appKey", appKey);
        params.put("requestTime", requestTime);
        params.put("sign", md5Hex(appKey + secret().secret() + requestTime));
        return params;
    }

    private synchronized RequestSecret secret() {
        if (current == null || !clock.instant().isBefore(current.expiresAt().minus(refreshBefore))) {
            current = source.fetch();
        }
        return current;
    }

    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new GovAuthException("MD5 unavailable", e);
        }
    }
}
