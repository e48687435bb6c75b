package cn.smedt.connectors.govauth.zhengding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.connectors.govauth.MutableClock;
import cn.smedt.connectors.govauth.zhengding.ZhengdingSignatureException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZhengdingHmacVerifierTest {

    private static final String SECRET = "test-fixture-zzd-secret";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
    private final ZhengdingHmacAuth signer = new ZhengdingHmacAuth("app-yk-1", SECRET, clock, () -> "n0nce42");
    private final ZhengdingHmacVerifier verifier =
            ZhengdingHmacVerifier.forSingleKey("app-yk-1", SECRET, clock, Duration.ofMinutes(5));

    private final String query = "tenantId=330784&page=1";
    private final Map<String, String> headers = signer.headers("POST", "/open/events", query);

    @Test
    void acceptsTheSignedRequestWhateverTheOrderOfItsQueryAndTheCaseOfItsHeaders() {
        Map<String, String> lowerCase = new HashMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(), value));

        assertThat(verifier.check("POST", "/open/events", query, headers)).isEmpty();
        assertThat(verifier.check("post", "/open/events", "page=1&tenantId=330784", lowerCase)).isEmpty();
        verifier.verify("POST", "/open/events", query, headers);
    }

    @Test
    void refusesATamperedPathQueryOrMethod() {
        assertThat(verifier.check("POST", "/open/other", query, headers)).contains(Reason.SIGNATURE_MISMATCH);
        assertThat(verifier.check("POST", "/open/events", "tenantId=330700&page=1", headers))
                .contains(Reason.SIGNATURE_MISMATCH);
        assertThat(verifier.check("POST", "/open/events", query + "&extra=1", headers))
                .contains(Reason.SIGNATURE_MISMATCH);
        assertThat(verifier.check("POST", "/open/events", null, headers)).contains(Reason.SIGNATURE_MISMATCH);
        assertThat(verifier.check("GET", "/open/events", query, headers)).contains(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void refusesTamperedHeaders() {
        assertThat(verifier.check("POST", "/open/events", query, with("X-Hmac-Auth-Nonce", "other")))
                .contains(Reason.SIGNATURE_MISMATCH);
        assertThat(verifier.check("POST", "/open/events", query,
                with("X-Hmac-Auth-Timestamp", "2026-11-24T10:00:01.000+08:00"))).contains(Reason.SIGNATURE_MISMATCH);
        assertThat(verifier.check("POST", "/open/events", query, with("X-Hmac-Auth-Signature", "AAAA")))
                .contains(Reason.SIGNATURE_MISMATCH);
        assertThat(verifier.check("POST", "/open/events", query, with("X-Hmac-Auth-Version", "2.0")))
                .contains(Reason.UNSUPPORTED_VERSION);
        assertThat(verifier.check("POST", "/open/events", query, with("X-Hmac-Auth-Timestamp", "yesterday")))
                .contains(Reason.MALFORMED_TIMESTAMP);
        assertThat(verifier.check("POST", "/open/events", query, with("X-Hmac-Auth-Signature", null)))
                .contains(Reason.MISSING_HEADER);
    }

    @Test
    void refusesAWrongOrUnknownKey() {
        ZhengdingHmacVerifier otherSecret =
                ZhengdingHmacVerifier.forSingleKey("app-yk-1", "another-secret", clock, Duration.ofMinutes(5));
        assertThat(otherSecret.check("POST", "/open/events", query, headers)).contains(Reason.SIGNATURE_MISMATCH);
        assertThat(verifier.check("POST", "/open/events", query, with("apiKey", "someone-else")))
                .contains(Reason.UNKNOWN_API_KEY);

        ZhengdingHmacVerifier severalApps = new ZhengdingHmacVerifier(
                apiKey -> Optional.ofNullable(Map.of("app-yk-1", SECRET, "app-wh-1", "x").get(apiKey)), clock,
                ZhengdingHmacVerifier.DEFAULT_WINDOW);
        assertThat(severalApps.check("POST", "/open/events", query, headers)).isEmpty();
    }

    @Test
    void refusesTimestampsOutsideTheWindowEitherSide() {
        clock.advance(Duration.ofMinutes(5));
        assertThat(verifier.check("POST", "/open/events", query, headers)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(verifier.check("POST", "/open/events", query, headers))
                .contains(Reason.TIMESTAMP_OUTSIDE_WINDOW);
        assertThatThrownBy(() -> verifier.verify("POST", "/open/events", query, headers))
                .isInstanceOfSatisfying(ZhengdingSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TIMESTAMP_OUTSIDE_WINDOW));

        clock.set(Instant.parse("2026-11-24T02:00:00Z").minus(Duration.ofMinutes(6))); // request from the future
        assertThat(verifier.check("POST", "/open/events", query, headers))
                .contains(Reason.TIMESTAMP_OUTSIDE_WINDOW);
    }

    @Test
    void refusesAMalformedQuery() {
        assertThat(verifier.check("POST", "/open/events", "a=%zz", headers)).contains(Reason.MALFORMED_QUERY);
    }

    private Map<String, String> with(String name, String value) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.put(name, value);
        return changed;
    }
}
