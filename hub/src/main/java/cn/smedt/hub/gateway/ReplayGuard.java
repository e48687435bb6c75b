package cn.smedt.hub.gateway;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Remembers every (key id, nonce) pair cluster-wide for twice the signature window, so a captured request
 * cannot be replayed on any node while its {@code created} is still acceptable.
 */
@Component
class ReplayGuard {

    static final String MAP = "gateway.nonces";

    private final IMap<String, Long> nonces;
    private final long rememberSeconds;

    ReplayGuard(HazelcastInstance hazelcast, GatewayProperties props) {
        this.nonces = hazelcast.getMap(MAP);
        this.rememberSeconds = props.signatureWindow().plus(props.clockSkew()).toSeconds() * 2;
    }

    /**
     * Remembers the nonce, without waiting: completes with true the first time this nonce is seen for this key, false
     * for a replay.
     */
    CompletionStage<Boolean> firstUse(String keyId, String nonce, long created) {
        return nonces.submitToKey(keyId + '\n' + nonce, new RememberOnce(created, rememberSeconds));
    }

    /** Atomic put-if-absent with the entry's time to live, on the owning member. */
    static final class RememberOnce implements EntryProcessor<String, Long, Boolean> {
        private static final long serialVersionUID = 1L;

        private final long created;
        private final long ttlSeconds;

        RememberOnce(long created, long ttlSeconds) {
            this.created = created;
            this.ttlSeconds = ttlSeconds;
        }

        @Override
        public Boolean process(Map.Entry<String, Long> entry) {
            if (entry.getValue() != null) {
                return false;
            }
            ((ExtendedMapEntry<String, Long>) entry).setValue(created, ttlSeconds, TimeUnit.SECONDS);
            return true;
        }
    }
}
