package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.Partner;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Fixed one-second windows per partner, counted cluster-wide in Hazelcast. */
@Component
class RateLimiter {

    static final String MAP = "gateway.rate";

    private final IMap<String, Long> counters;
    private final Clock clock;

    RateLimiter(HazelcastInstance hazelcast, Clock clock) {
        this.counters = hazelcast.getMap(MAP);
        this.clock = clock;
    }

    /** Counts one request; true when it is within the partner's budget for the current second. */
    boolean tryAcquire(Partner partner) {
        String key = partner.id() + '\n' + clock.instant().getEpochSecond();
        Long count = counters.executeOnKey(key, new Increment());
        if (count == 1L) {
            counters.setTtl(key, 5, TimeUnit.SECONDS);
        }
        return count <= partner.rateLimitPerSecond();
    }

    /** Atomic increment on the owning member. */
    static final class Increment implements EntryProcessor<String, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            long next = entry.getValue() == null ? 1L : entry.getValue() + 1L;
            entry.setValue(next);
            return next;
        }
    }
}
