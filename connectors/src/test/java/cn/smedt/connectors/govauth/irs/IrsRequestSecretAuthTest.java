package cn.smedt.connectors.govauth.irs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.connectors.govauth.GovAuthException;
import cn.smedt.connectors.govauth.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IrsRequestSecretAuthTest {

    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z"); // 1795485600000 ms
    private final MutableClock clock = new MutableClock(T0);
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<Duration> lifetime = new AtomicReference<>(Duration.ofMinutes(15));
    private final RequestSecretSource source = () -> new RequestSecret("rs-secret-" + fetches.incrementAndGet(),
            clock.instant().plus(lifetime.get()));
    private final IrsRequestSecretAuth auth = new IrsRequestSecretAuth("irs-app-", source, clock,
            Duration.ofMinutes(1));

    @Test
    void md5SignKnownAnswer() throws Exception {
        assertThat(IrsRequestSecretAuth.md5Hex("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72"); // RFC 1321
        // printf 'irs-app-1rs-secret-11795485600000' | md5sum
        assertThat(IrsRequestSecretAuth.sign("irs-app-1", "rs-secret-1", "1795485600000"))
                .isEqualTo("59e5d369c6bec3223c56b665b7253735")
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                        .digest("irs-app-1rs-secret-11795485600000".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void parametersCarryAppKeyRequestTimeAndSign() {
        IrsRequestSecretAuth app1 = new IrsRequestSecretAuth("irs-app-1", source, clock, Duration.ofMinutes(1));

        assertThat(app1.queryParameters()).containsExactly(Map.entry("appKey", "irs-app-1"),
                Map.entry("requestTime", "1795485600000"),
                Map.entry("sign", "59e5d369c6bec3223c56b665b7253735"));
    }

    @Test
    void reusesTheSecretUntilTheMarginBeforeExpiryThenFetchesANewOne() {
        auth.queryParameters();
        clock.advance(Duration.ofMinutes(13).plusSeconds(59));
        Map<String, String> stillFirst = auth.queryParameters();
        assertThat(fetches).hasValue(1);
        assertThat(stillFirst.get("sign")).isEqualTo(
                IrsRequestSecretAuth.sign("irs-app-", "rs-secret-1", stillFirst.get("requestTime")));

        clock.advance(Duration.ofSeconds(1)); // 14 min: one minute before expiry
        Map<String, String> second = auth.queryParameters();
        assertThat(fetches).hasValue(2);
        assertThat(second.get("sign")).isEqualTo(
                IrsRequestSecretAuth.sign("irs-app-", "rs-secret-2", second.get("requestTime")));
    }

    @Test
    void aSecretShorterLivedThanTheMarginIsStillReusedForHalfItsLife() {
        lifetime.set(Duration.ofSeconds(40));
        auth.queryParameters();
        clock.advance(Duration.ofSeconds(19));
        auth.queryParameters();
        assertThat(fetches).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        auth.queryParameters();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFailedRefreshKeepsTheSecretUntilItExpiresThenFails() {
        AtomicInteger calls = new AtomicInteger();
        IrsRequestSecretAuth flaky = new IrsRequestSecretAuth("irs-app-", () -> {
            if (calls.incrementAndGet() > 1) {
                throw new GovAuthException("token endpoint down");
            }
            return new RequestSecret("rs-only", clock.instant().plus(Duration.ofMinutes(15)));
        }, clock, Duration.ofMinutes(1));

        flaky.queryParameters();
        clock.advance(Duration.ofMinutes(14).plusSeconds(30)); // inside the margin, not expired
        Map<String, String> params = flaky.queryParameters();
        assertThat(calls).hasValue(2);
        assertThat(params.get("sign"))
                .isEqualTo(IrsRequestSecretAuth.sign("irs-app-", "rs-only", params.get("requestTime")));

        clock.advance(Duration.ofSeconds(30)); // expired
        assertThatThrownBy(flaky::queryParameters).isInstanceOf(GovAuthException.class)
                .hasMessage("token endpoint down");
    }

    @Test
    void invalidateForcesAFetch() {
        auth.queryParameters();
        auth.invalidate();
        auth.queryParameters();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void anAlreadyExpiredSecretIsRefused() {
        lifetime.set(Duration.ZERO);
        assertThatThrownBy(auth::queryParameters).isInstanceOf(GovAuthException.class)
                .hasMessageContaining("already expired");
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> signs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                signs.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return auth.queryParameters().get("sign");
                }));
            }
            for (Future<String> sign : signs) {
                assertThat(sign.get(10, TimeUnit.SECONDS))
                        .isEqualTo(IrsRequestSecretAuth.sign("irs-app-", "rs-secret-1", "1795485600000"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void secretsStayOutOfMessagesAndToString() {
        assertThat(new RequestSecret("rs-secret-1", T0).toString()).doesNotContain("rs-secret-1");
        assertThatThrownBy(() -> new IrsRequestSecretAuth(" ", source, clock, Duration.ZERO))
                .isInstanceOf(GovAuthException.class).hasMessageContaining("appKey");
        assertThatThrownBy(() -> new IrsRequestSecretAuth("app", "", "https://irs.example.gov.cn/token"))
                .isInstanceOf(GovAuthException.class).hasMessageContaining("appSecret");
    }
}
