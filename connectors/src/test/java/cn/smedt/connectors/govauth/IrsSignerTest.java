package cn.smedt.connectors.govauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IrsSignerTest {

    @Test
    void md5IsLowerCaseHex() {
        assertThat(IrsSigner.md5Hex("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void signsWithTheRequestSecretAndRefreshesItBeforeItExpires() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
        AtomicInteger fetches = new AtomicInteger();
        RequestSecretSource source = () -> new RequestSecret("rs-" + fetches.incrementAndGet(),
                clock.instant().plus(Duration.ofMinutes(15)));
        IrsSigner signer = new IrsSigner("app-1", source, clock, Duration.ofMinutes(1));

        Map<String, String> first = signer.queryParameters();
        assertThat(first).containsEntry("appKey", "app-1").containsEntry("requestTime", "1795485600000")
                .containsEntry("sign", IrsSigner.md5Hex("app-1" + "rs-1" + "1795485600000"));
        clock.advance(Duration.ofMinutes(10));
        signer.queryParameters();
        assertThat(fetches).hasValue(1);

        clock.advance(Duration.ofMinutes(4));
        Map<String, String> refreshed = signer.queryParameters();
        assertThat(fetches).hasValue(2);
        assertThat(refreshed.get("sign")).isEqualTo(IrsSigner.md5Hex("app-1" + "rs-2" + refreshed.get("requestTime")));
    }
}
