package cn.smedt.hub.node;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.stereotype.Component;

/**
 * Calendar dates of the programmes (assessment, acceptance and report dates) are dates in China; this says which
 * date it is there now, by the node's clock.
 */
@Component
public class ProgrammeCalendar {

    /** The programmes' time zone (China Standard Time, UTC+8, no daylight saving). */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Clock clock;

    ProgrammeCalendar(Clock clock) {
        this.clock = clock;
    }

    /** Today in China. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZONE));
    }

    /** True when {@code date} lies after today in China. */
    public boolean isFuture(LocalDate date) {
        return date.isAfter(today());
    }
}
