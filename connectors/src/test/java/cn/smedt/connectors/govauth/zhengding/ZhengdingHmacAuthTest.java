package cn.smedt.connectors.govauth.zhengding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.connectors.govauth.GovAuthException;
import cn.smedt.connectors.govauth.MutableClock;
import cn.smedt.connectors.govauth.QueryParameters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ZhengdingHmacAuthTest {

    private static final String SECRET = "test-fixture-zzd-secret";
    /** 2026-11-24T10:00:00+08:00 */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
    private final ZhengdingHmacAuth auth = new ZhengdingHmacAuth("app-yk-1", SECRET, clock, () -> "17954856000001234");

    private static String hmacSha256Base64(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void knownAnswerWithQuery() throws Exception {
        // raw query as sent: unsorted, percent-encoded, a repeated name, an empty value
        Map<String, String> headers = auth.headers("post", "/open/events",
                "tag=2&name=%E6%B0%B8%E5%BA%B7&z=&b=2&tag=1");

        String text = "POST\n2026-11-24T10:00:00.000+08:00\n17954856000001234\n/open/events\n"
                + "b=2&name=永康&tag=1&tag=2&z=";
        assertThat(headers).containsExactly(
                Map.entry("X-Hmac-Auth-Timestamp", "2026-11-24T10:00:00.000+08:00"),
                Map.entry("X-Hmac-Auth-Version", "1.0"),
                Map.entry("X-Hmac-Auth-Nonce", "17954856000001234"),
                Map.entry("apiKey", "app-yk-1"),
                Map.entry("X-Hmac-Auth-Signature", hmacSha256Base64(SECRET, text)));
        // the same value computed outside Java: printf '<text>' | openssl dgst -sha256 -hmac <secret> -binary | base64
        assertThat(headers.get("X-Hmac-Auth-Signature")).isEqualTo("EZDzhQi2mDqCynTzANpOZdyA+Pa9ZRc3jhFByQmrif0=");
        assertThat(ZhengdingHmacAuth.stringToSign("post", "2026-11-24T10:00:00.000+08:00", "17954856000001234",
                "/open/events", QueryParameters.parse("tag=2&name=%E6%B0%B8%E5%BA%B7&z=&b=2&tag=1"))).isEqualTo(text);
    }

    @Test
    void knownAnswerWithoutQueryHasNoTrailingNewline() throws Exception {
        String text = "GET\n2026-11-24T10:00:00.000+08:00\n17954856000001234\n/gettoken.json";

        assertThat(ZhengdingHmacAuth.stringToSign("GET", "2026-11-24T10:00:00.000+08:00", "17954856000001234",
                "/gettoken.json", QueryParameters.empty())).isEqualTo(text);
        assertThat(auth.headers("GET", "/gettoken.json", (String) null).get("X-Hmac-Auth-Signature"))
                .isEqualTo(hmacSha256Base64(SECRET, text))
                .isEqualTo("24eySZMO/6xckq3rH5MGxOo1fBDFm6upEGUG3WcLL2s=");
        assertThat(auth.headers("GET", "/gettoken.json", "").get("X-Hmac-Auth-Signature"))
                .isEqualTo("24eySZMO/6xckq3rH5MGxOo1fBDFm6upEGUG3WcLL2s=");
    }

    @Test
    void timestampIsShanghaiTimeWithLiteralZeroMillis() {
        clock.set(Instant.parse("2026-12-31T17:30:45.987Z"));

        assertThat(auth.headers("GET", "/x", (String) null).get("X-Hmac-Auth-Timestamp"))
                .isEqualTo("2027-01-01T01:30:45.000+08:00");
    }

    @Test
    void defaultNoncesAreMillisPlusFourDigitsAndDoNotRepeat() {
        Supplier<String> nonces = ZhengdingHmacAuth.defaultNonces(clock);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String nonce = nonces.get();
            assertThat(nonce).hasSize(17).startsWith("1795485600000").containsOnlyDigits();
            seen.add(nonce);
        }
        assertThat(seen).hasSize(10_000);
        clock.advance(Duration.ofMillis(1));
        assertThat(nonces.get()).startsWith("1795485600001");
    }

    @Test
    void missingCredentialsAreConfigurationErrorsThatDoNotEchoTheSecret() {
        assertThatThrownBy(() -> new ZhengdingHmacAuth("", SECRET)).isInstanceOf(GovAuthException.class)
                .hasMessageContaining("apiKey");
        assertThatThrownBy(() -> new ZhengdingHmacAuth("app", " ")).isInstanceOf(GovAuthException.class)
                .hasMessageContaining("secretKey");
        assertThat(auth.toString()).contains("app-yk-1").doesNotContain(SECRET);
    }
}
