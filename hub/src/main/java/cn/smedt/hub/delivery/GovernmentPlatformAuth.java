package cn.smedt.hub.delivery;

import cn.smedt.connectors.govauth.IrsSigner;
import cn.smedt.connectors.govauth.IrsTokenEndpoint;
import cn.smedt.connectors.govauth.ZhengdingHmac;
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

    private final ZhengdingHmac zhengding;
    private final IrsSigner irs;

    GovernmentPlatformAuth(DeliveryProperties props, Clock clock) {
        DeliveryProperties.GovernmentAuth auth = props.governmentAuth();
        String scheme = auth == null || auth.scheme() == null ? "" : auth.scheme();
        switch (scheme) {
            case "" -> {
                zhengding = null;
                irs = null;
            }
            case "zhengding-hmac" -> {
                zhengding = new ZhengdingHmac(auth.apiKey(), auth.secret());
                irs = null;
            }
            case "irs" -> {
                zhengding = null;
                irs = new IrsSigner(auth.apiKey(), new IrsTokenEndpoint(HttpClient.newHttpClient(),
                        URI.create(auth.tokenUrl()), auth.apiKey(), auth.secret(), clock), clock, Duration.ofMinutes(1));
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
        Map<String, String> query = uri.getRawQuery() == null ? Map.of()
                : java.util.Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                        .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
        return zhengding.headers("POST", uri.getRawPath(), query);
    }
}
