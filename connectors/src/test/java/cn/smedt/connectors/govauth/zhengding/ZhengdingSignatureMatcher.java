package cn.smedt.connectors.govauth.zhengding;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.RequestMatcherExtension;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WireMock request matcher that plays the 浙政钉 platform: it recomputes the HMAC from the request as received,
 * written here from DOMAIN.md independently of the production code, so that a wrong signature gets no stub (404).
 * Parameters: {@code apiKey}, {@code secret}.
 */
final class ZhengdingSignatureMatcher extends RequestMatcherExtension {

    static final String NAME = "zhengding-hmac-signature";
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.000\\+08:00");

    private final Clock clock;

    ZhengdingSignatureMatcher(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public MatchResult match(Request request, Parameters parameters) {
        String timestamp = request.getHeader("X-Hmac-Auth-Timestamp");
        String nonce = request.getHeader("X-Hmac-Auth-Nonce");
        String signature = request.getHeader("X-Hmac-Auth-Signature");
        if (timestamp == null || nonce == null || signature == null
                || !"1.0".equals(request.getHeader("X-Hmac-Auth-Version"))
                || !parameters.getString("apiKey").equals(request.getHeader("apiKey"))
                || !TIMESTAMP.matcher(timestamp).matches()
                || Duration.between(OffsetDateTime.parse(timestamp).toInstant(), clock.instant()).abs()
                        .compareTo(Duration.ofMinutes(5)) > 0) {
            return MatchResult.noMatch();
        }
        URI url = URI.create(request.getUrl());
        StringBuilder text = new StringBuilder(request.getMethod().getName()).append('\n').append(timestamp)
                .append('\n').append(nonce).append('\n').append(url.getRawPath());
        if (url.getRawQuery() != null && !url.getRawQuery().isEmpty()) {
            List<String[]> pairs = new ArrayList<>();
            for (String pair : url.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                pairs.add(new String[] {URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""});
            }
            pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
            text.append('\n');
            for (int i = 0; i < pairs.size(); i++) {
                text.append(i == 0 ? "" : "&").append(pairs.get(i)[0]).append('=').append(pairs.get(i)[1]);
            }
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(parameters.getString("secret").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = Base64.getEncoder()
                    .encodeToString(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)));
            return MatchResult.of(expected.equals(signature));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
