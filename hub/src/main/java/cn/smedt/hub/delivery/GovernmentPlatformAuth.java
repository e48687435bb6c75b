package cn.smedt.hub.delivery;

import cn.smedt.connectors.govauth.irs.HttpRequestSecretSource;
import cn.smedt.connectors.govauth.irs.IrsRequestSecretAuth;
import cn.smedt.connectors.govauth.zhengding.ZhengdingHmacAuth;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Adds the government platform's own authentication (hub.delivery.government-auth) to a decision delivery: 浙政钉
 * HMAC headers, or the IRS appKey/requestTime/sign query parameters. The hub's RFC 9421 signature stays on every
 * delivery either way.
 */
@Component
class GovernmentPlatformAuth {

    private final ZhengdingHmacAuth zhengding;
    private final IrsRequestSecretAuth irs;

    GovernmentPlatformAuth(DeliveryProperties props, Clock clock) {
        DeliveryProperties.GovernmentAuth auth = props.governmentAuth();
        String scheme = auth == null || auth.scheme() == null ? "" : auth.scheme();
        switch (scheme) {
            case "" -> {
                zhengding = null;
                irs = null;
            }
            case "zhengding-hmac" -> {
                zhengding = new ZhengdingHmacAuth(auth.apiKey(), auth.secret(), clock,
                        ZhengdingHmacAuth.defaultNonces(clock));
                irs = null;
            }
            case "irs" -> {
                zhengding = null;
                irs = new IrsRequestSecretAuth(auth.apiKey(), new HttpRequestSecretSource(HttpClient.newHttpClient(),
                        URI.create(auth.tokenUrl()), auth.apiKey(), auth.secret(), clock,
                        HttpRequestSecretSource.DEFAULT_TIMEOUT), clock, Duration.ofMinutes(1));
            }
            default -> throw new DeliveryConfigurationException("hub.delivery.government-auth.scheme: unknown '"
                    + scheme + "' (zhengding-hmac or irs)");
        }
    }

    /** The URL to call: with the IRS parameters appended when that scheme is configured. */
    String url(String url) {
        if (irs == null) {
            return url;
        }
        String params = irs.queryParameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return url + (url.contains("?") ? "&" : "?") + params;
    }

    /** Extra headers for a POST to {@code url} (浙政钉 HMAC), none otherwise. */
    Map<String, String> headers(String url) {
        if (zhengding == null) {
            return Map.of();
        }
        URI uri = URI.create(url);
        return zhengding.headers("POST", uri.getRawPath(), uri.getRawQuery());
    }
}
