package cn.smedt.hub.consent;

import cn.smedt.hub.node.ProgrammeCalendar;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The fetches allowed under a consent, counted across the cluster in Hazelcast ({@code consent.fetches}): one counter
 * per consent and frequency window (ONETIME: one window for the whole consent, one fetch; PERIODIC: the calendar
 * hour, day, month or year in China time, {@code frequency.value} fetches). A counter is seeded with the fetches the
 * database already recorded in its window, so a cluster restart forgets none; the increment is atomic on the
 * member owning the key, so two nodes never both take the last fetch.
 */
@Component
class FetchAllowance {

    static final String MAP = "consent.fetches";

    private final IMap<String, Long> counters;
    private final ConsentRepository consents;

    FetchAllowance(HazelcastInstance hazelcast, ConsentRepository consents) {
        this.counters = hazelcast.getMap(MAP);
        this.consents = consents;
    }

    /** Takes one fetch of the consent's window at {@code now}; false when the window's fetches are used up. */
    boolean tryTake(Consent consent, Instant now) {
        Instant windowStart = windowStart(consent, now);
        long limit = Consent.ONETIME.equals(consent.fetchType()) ? 1 : consent.frequencyValue();
        String key = consent.consentId() + '\n' + windowStart.getEpochSecond();
        long recorded = consents.accessesSince(consent.consentId(), windowStart);
        Long taken = counters.executeOnKey(key, new TakeOne(recorded, limit));
        if (taken == null) {
            return false;
        }
        counters.setTtl(key, ttlSeconds(consent, windowStart), TimeUnit.SECONDS);
        return true;
    }

    private static Instant windowStart(Consent consent, Instant now) {
        if (Consent.ONETIME.equals(consent.fetchType())) {
            return consent.validFrom();
        }
        ZonedDateTime local = now.atZone(ProgrammeCalendar.ZONE);
        ZonedDateTime start = switch (consent.frequencyUnit()) {
            case "HOUR" -> local.truncatedTo(ChronoUnit.HOURS);
            case "DAY" -> local.truncatedTo(ChronoUnit.DAYS);
            case "MONTH" -> local.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.firstDayOfMonth());
            default -> local.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.firstDayOfYear());
        };
        return start.toInstant();
    }

    /** Until the window (or, ONETIME, the consent) ends, and a day more. */
    private static long ttlSeconds(Consent consent, Instant windowStart) {
        Instant end = Consent.ONETIME.equals(consent.fetchType()) ? consent.validUntil()
                : windowStart.plus(switch (consent.frequencyUnit()) {
                    case "HOUR" -> 1;
                    case "DAY" -> 1;
                    case "MONTH" -> 31;
                    default -> 366;
                }, consent.frequencyUnit().equals("HOUR") ? ChronoUnit.HOURS : ChronoUnit.DAYS);
        return Math.max(60, end.getEpochSecond() - windowStart.getEpochSecond() + 86_400);
    }

    /**
     * Atomic on the owning member: the count is at least the fetches recorded in the database; one more is taken
     * when below the limit (answers the new count), none otherwise (answers null).
     */
    static final class TakeOne implements EntryProcessor<String, Long, Long> {
        private static final long serialVersionUID = 1L;

        private final long recorded;
        private final long limit;

        TakeOne(long recorded, long limit) {
            this.recorded = recorded;
            this.limit = limit;
        }

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            long count = Math.max(entry.getValue() == null ? 0 : entry.getValue(), recorded);
            if (count >= limit) {
                entry.setValue(count);
                return null;
            }
            entry.setValue(count + 1);
            return count + 1;
        }
    }
}
