package cn.smedt.connectors.govauth;

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

/**
 * Exchanges the app key and app secret for a request secret at the IRS gateway's token endpoint, the way the
 * Zhejiang public data platform does it ({@code refreshTokenByKey}): {@code GET <url>?appKey=..&requestTime=<ms>
 * &sign=md5hex(appKey + appSecret + requestTime)}, answered {@code {"code":"00","datas":{"requestSecret":"..",
 * "requestSecretEndTime":<ms>}}}. Any other code is a {@link GovAuthException} naming it.
 */
public final class IrsTokenEndpoint implements RequestSecretSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI url;
    private final String appKey;
    private final String appSecret;
    private final Clock clock;

    public IrsTokenEndpoint(HttpClient http, URI url, String appKey, String appSecret, Clock clock) {
        this.http = http;
        this.url = url;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.clock = clock;
    }

    @Override
    public RequestSecret fetch() {
        String requestTime = Long.toString(clock.millis());
        String query = "appKey=" + URLEncoder.encode(appKey, StandardCharsets.UTF_8) + "&requestTime=" + requestTime
                + "&sign=" + IrsSigner.md5Hex(appKey + appSecret + requestTime);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url + "?" + query))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"00".equals(body.path("code").asText())) {
                throw new GovAuthException("IRS token endpoint refused app " + appKey + ": HTTP "
                        + response.statusCode() + ", code " + body.path("code").asText() + " "
                        + body.path("msg").asText());
            }
            JsonNode datas = body.path("datas");
            return new RequestSecret(datas.path("requestSecret").asText(),
                    Instant.ofEpochMilli(datas.path("requestSecretEndTime").asLong()));
        } catch (IOException e) {
            throw new GovAuthException("IRS token endpoint " + url + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GovAuthException("interrupted while fetching an IRS request secret", e);
        }
    }
}
