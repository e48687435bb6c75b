package cn.smedt.connectors.govauth.irs;

import cn.smedt.connectors.govauth.GovAuthException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Exchanges the app key and app secret for a request secret at the IRS gateway's token endpoint (the Zhejiang public
 * data platform's {@code refreshTokenByKey}), with {@link java.net.http.HttpClient}.
 *
 * <p>Request: {@code GET <tokenUrl>?appKey=<appKey>&requestTime=<epoch ms>&sign=<md5hex(appKey + appSecret +
 * requestTime)>}; the app secret itself never leaves the process.
 *
 * <p>Accepted response: HTTP 2xx with a JSON object holding {@code requestSecret} and {@code requestSecretEndTime}
 * (epoch milliseconds, number or numeric string), either inside {@code datas} (the gateway's envelope,
 * {@code {"code":"00","msg":"..","datas":{..}}}) or at the top level. When a {@code code} field is present it must be
 * {@code "00"}. Anything else is a {@link GovAuthException} naming the HTTP status and the gateway's code and message,
 * never a secret.
 */
public final class HttpRequestSecretSource implements RequestSecretSource {

    /** Time allowed for one token request when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI tokenUrl;
    private final String appKey;
    private final String appSecret;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param http      the client (shared; connect timeout and proxy are configured on it)
     * @param tokenUrl  the token endpoint, e.g. {@code https://irs.example.gov.cn/gateway/app/refreshTokenByKey.htm}
     * @param appKey    the application's key
     * @param appSecret the application's secret, from configuration
     * @param clock     source of {@code requestTime}
     * @param timeout   time allowed for one token request
     */
    public HttpRequestSecretSource(HttpClient http, URI tokenUrl, String appKey, String appSecret, Clock clock,
                                   Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
        this.appKey = IrsRequestSecretAuth.requireText(appKey, "appKey");
        this.appSecret = IrsRequestSecretAuth.requireText(appSecret, "appSecret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A new HTTP client (10 s connect timeout), the system clock and {@link #DEFAULT_TIMEOUT}. */
    public HttpRequestSecretSource(URI tokenUrl, String appKey, String appSecret) {
        this(HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build(), tokenUrl, appKey, appSecret,
                Clock.systemUTC(), DEFAULT_TIMEOUT);
    }

    @Override
    public RequestSecret fetch() {
        String requestTime = Long.toString(clock.millis());
        String query = "appKey=" + URLEncoder.encode(appKey, StandardCharsets.UTF_8)
                + "&requestTime=" + requestTime
                + "&sign=" + IrsRequestSecretAuth.md5Hex(appKey + appSecret + requestTime);
        String url = tokenUrl.toString();
        URI request = URI.create(url + (tokenUrl.getRawQuery() == null ? "?" : "&") + query);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(request).timeout(timeout).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GovAuthException("IRS token endpoint " + url + " unreachable for app " + appKey + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GovAuthException("interrupted while fetching an IRS request secret for app " + appKey, e);
        }
        return parse(response.statusCode(), response.body());
    }

    private RequestSecret parse(int status, String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        String code = root == null ? "" : root.path("code").asText("");
        if (status / 100 != 2 || root == null || !root.isObject() || root.has("code") && !"00".equals(code)) {
            throw new GovAuthException("IRS token endpoint " + tokenUrl + " refused app " + appKey + ": HTTP " + status
                    + (root == null ? ", body is not JSON" : ", code '" + code + "' " + root.path("msg").asText("")));
        }
        JsonNode datas = root.has("datas") ? root.path("datas") : root;
        String secret = datas.path("requestSecret").asText("");
        JsonNode end = datas.path("requestSecretEndTime");
        long endMillis = end.isNumber() ? end.asLong() : parseLong(end.asText(""));
        if (secret.isBlank() || endMillis <= 0) {
            throw new GovAuthException("IRS token endpoint " + tokenUrl + " answered app " + appKey
                    + " without requestSecret and requestSecretEndTime");
        }
        return new RequestSecret(secret, Instant.ofEpochMilli(endMillis));
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "HttpRequestSecretSource[" + tokenUrl + ", appKey=" + appKey + "]";
    }
}
