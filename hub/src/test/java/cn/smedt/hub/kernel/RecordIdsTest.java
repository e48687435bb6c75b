package cn.smedt.hub.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecordIdsTest {

    /** A clock whose milliseconds the test sets. */
    static final class SetClock extends Clock {
        final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-02T05:00:00Z").toEpochMilli());

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void idsAreHexOfTheirWidthInTheOrderTheyAreMadeAndUnique() {
        SetClock clock = new SetClock();
        RecordIds ids = new RecordIds(24, clock);
        long firstSecond = clock.millis.get() / 1000;
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            made.add(ids.next());
            if (i % 10_000 == 9_999) {
                clock.millis.addAndGet(1_000);
            }
        }
        assertThat(made).allMatch(id -> id.matches("[0-9a-f]{24}"));
        assertThat(made).isSortedAccordingTo(String::compareTo);
        assertThat(new HashSet<>(made)).hasSize(made.size());
        assertThat(made.get(0)).startsWith(Long.toHexString(firstSecond));
        assertThat(made.get(29_999)).as("the third second").startsWith(Long.toHexString(firstSecond + 2));
    }

    @Test
    void eachSecondStartsItsCounterAtRandom() {
        SetClock clock = new SetClock();
        RecordIds ids = new RecordIds(18, clock);
        Set<String> counters = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            counters.add(ids.next().substring(8));
            clock.millis.addAndGet(1_000);
        }
        assertThat(counters).hasSizeGreaterThan(15);
    }

    @Test
    void aClockSetBackKeepsTheOrder() {
        SetClock clock = new SetClock();
        RecordIds ids = new RecordIds(18, clock);
        String before = ids.next();
        clock.millis.addAndGet(-3_600_000);
        String after = ids.next();
        assertThat(after).isGreaterThan(before);
        assertThat(after.substring(0, 8)).isEqualTo(before.substring(0, 8));
    }

    @Test
    void aCounterThatRunsOutGoesOnWithTheNextSecond() {
        SetClock clock = new SetClock();
        RecordIds ids = new RecordIds(9, clock);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            made.add(ids.next());
        }
        assertThat(made).isSortedAccordingTo(String::compareTo);
        assertThat(new HashSet<>(made)).hasSize(40);
        assertThat(made).allMatch(id -> id.matches("[0-9a-f]{9}"));
        // one hex digit of counter: at most 16 per second, so 40 ids span at least 3 seconds
        assertThat(made.stream().map(id -> id.substring(0, 8)).distinct().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aWidthWithoutRoomForTheCounterIsRefused() {
        assertThatThrownBy(() -> new RecordIds(8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordIds(25)).isInstanceOf(IllegalArgumentException.class);
    }
}
