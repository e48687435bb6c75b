package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Fixed one-second windows per partner, counted cluster-wide in Hazelcast. */
@Component
class RateLimiter {

    static final String MAP = "gateway.rate";
    /** A window's counter outlives its second by a few, then expires. */
    private static final long COUNTER_TTL_SECONDS = 5;

    private final IMap<String, Long> counters;
    private final Clock clock;

    RateLimiter(HazelcastInstance hazelcast, Clock clock) {
        this.counters = hazelcast.getMap(MAP);
        this.clock = clock;
    }

    /** Counts one request and refuses it ({@code 429 rate-limited}) when it is beyond the partner's budget. */
    void requireWithinRate(Partner partner) {
        count(partner).requireWithinRate();
    }

    /**
     * Counts one request of the partner in the current second, without waiting for the count: {@link Count#requireWithinRate}
     * waits, so the caller can have another cluster operation in flight meanwhile.
     */
    Count count(Partner partner) {
        String key = partner.id() + '\n' + clock.instant().getEpochSecond();
        return new Count(partner, key, counters.submitToKey(key, new Add(1)));
    }

    /** One counted request: its window's count once the cluster answered. */
    final class Count {
        private final Partner partner;
        private final String key;
        private final CompletionStage<Long> count;

        private Count(Partner partner, String key, CompletionStage<Long> count) {
            this.partner = partner;
            this.key = key;
            this.count = count;
        }

        /** Refuses the request ({@code 429 rate-limited}) when it is beyond the partner's budget for its second. */
        void requireWithinRate() {
            if (join(count) > partner.rateLimitPerSecond()) {
                throw new ProblemException(ProblemCode.RATE_LIMITED, "partner " + partner.id() + " exceeds "
                        + partner.rateLimitPerSecond() + " requests per second");
            }
        }

        /** Takes the request out of its window again (it was refused before it counted: a replayed nonce). */
        void withdraw() {
            counters.submitToKey(key, new Add(-1));
        }
    }

    private static long join(CompletionStage<Long> count) {
        try {
            return count.toCompletableFuture().join();
        } catch (CompletionException failure) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }

    /** Atomic add on the owning member; a new window's counter gets its time to live. */
    static final class Add implements EntryProcessor<String, Long, Long> {
        private static final long serialVersionUID = 1L;

        private final long delta;

        Add(long delta) {
            this.delta = delta;
        }

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            ExtendedMapEntry<String, Long> counter = (ExtendedMapEntry<String, Long>) entry;
            if (counter.getValue() == null) {
                counter.setValue(delta, COUNTER_TTL_SECONDS, TimeUnit.SECONDS);
                return delta;
            }
            long next = counter.getValue() + delta;
            counter.setValueWithoutChangingExpiryTime(next);
            return next;
        }
    }
}
