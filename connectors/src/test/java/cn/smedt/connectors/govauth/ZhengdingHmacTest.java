package cn.smedt.connectors.govauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ZhengdingHmacTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
    private final ZhengdingHmac hmac = new ZhengdingHmac("app-yk-1", "test-fixture-secret", clock, () -> "n0nce42");

    @Test
    void headersFollowTheDocumentedFormatAndSignTheCanonicalText() throws Exception {
        Map<String, String> headers = hmac.headers("post", "/gov/events", Map.of("b", "2", "a", "1"));

        assertThat(headers).containsEntry("X-Hmac-Auth-Timestamp", "2026-11-24T10:00:00.000+08:00")
                .containsEntry("X-Hmac-Auth-Version", "1.0").containsEntry("X-Hmac-Auth-Nonce", "n0nce42")
                .containsEntry("apiKey", "app-yk-1");
        String text = "POST\n2026-11-24T10:00:00.000+08:00\nn0nce42\n/gov/events\na=1&b=2";
        assertThat(ZhengdingHmac.signedText("post", "2026-11-24T10:00:00.000+08:00", "n0nce42", "/gov/events",
                Map.of("b", "2", "a", "1"))).isEqualTo(text);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("test-fixture-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(headers.get("X-Hmac-Auth-Signature"))
                .isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void withoutQueryTheTextEndsWithTheUri() {
        assertThat(ZhengdingHmac.signedText("GET", "t", "n", "/x", Map.of())).isEqualTo("GET\nt\nn\n/x");
    }

    @Test
    void verifierAcceptsTheRequestAndRefusesEachChange() {
        Map<String, String> query = Map.of("page", "1");
        Map<String, String> headers = hmac.headers("POST", "/gov/events", query);
        Duration window = Duration.ofMinutes(5);

        assertThat(hmac.verify("POST", "/gov/events", query, headers, window)).isNull();
        assertThat(hmac.verify("POST", "/gov/other", query, headers, window)).isEqualTo("signature mismatch");
        assertThat(hmac.verify("POST", "/gov/events", Map.of("page", "2"), headers, window))
                .isEqualTo("signature mismatch");
        assertThat(hmac.verify("GET", "/gov/events", query, headers, window)).isEqualTo("signature mismatch");
        Map<String, String> otherKey = new HashMap<>(headers);
        otherKey.put("apiKey", "someone");
        assertThat(hmac.verify("POST", "/gov/events", query, otherKey, window)).isEqualTo("unknown apiKey");
        ZhengdingHmac wrongSecret = new ZhengdingHmac("app-yk-1", "another-secret", clock, () -> "x");
        assertThat(wrongSecret.verify("POST", "/gov/events", query, headers, window)).isEqualTo("signature mismatch");
        clock.advance(Duration.ofMinutes(6));
        assertThat(hmac.verify("POST", "/gov/events", query, headers, window)).isEqualTo("timestamp outside the window");
    }

    @Test
    void missingCredentialsAreAConfigurationError() {
        assertThatThrownBy(() -> new ZhengdingHmac("", "s")).isInstanceOf(GovAuthException.class);
    }
}
