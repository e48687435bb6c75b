package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Answers kept per (partner, Idempotency-Key), cluster-wide: the same key and body get the stored answer, the same
 * key with another body is refused, and a key whose first request is still running is reported as such.
 */
@Component
class IdempotencyStore {

    static final String MAP = "gateway.idempotency";
    /** A request that started but never finished (node crash) frees its key after this. */
    private static final long IN_PROGRESS_SECONDS = 120;

    private final IMap<String, Entry> entries;
    private final long ttlSeconds;

    IdempotencyStore(HazelcastInstance hazelcast, GatewayProperties props) {
        this.entries = hazelcast.getMap(MAP);
        this.ttlSeconds = props.idempotencyTtl().toSeconds();
    }

    /**
     * A stored (or in-progress) answer.
     *
     * @param bodyDigest  SHA-256 of the request body the key was first used with
     * @param complete    false while the first request runs
     * @param status      HTTP status of the stored answer
     * @param contentType its content type
     * @param body        its body
     */
    record Entry(byte[] bodyDigest, boolean complete, int status, String contentType, byte[] body)
            implements Serializable {
    }

    sealed interface Outcome permits Fresh, Replay {
    }

    /** First use: go ahead, then {@link #complete} or {@link #abandon}. */
    record Fresh() implements Outcome {
    }

    /** Seen before with the same body: answer with this. */
    record Replay(Entry answer) implements Outcome {
    }

    Outcome begin(String partnerId, String key, byte[] bodyDigest) {
        Entry marker = new Entry(bodyDigest, false, 0, null, null);
        Entry existing = entries.putIfAbsent(id(partnerId, key), marker, IN_PROGRESS_SECONDS, TimeUnit.SECONDS);
        if (existing == null) {
            return new Fresh();
        }
        if (!Arrays.equals(existing.bodyDigest(), bodyDigest)) {
            throw new ProblemException(ProblemCode.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key '" + key + "' was used with a different body");
        }
        if (!existing.complete()) {
            throw new ProblemException(ProblemCode.IDEMPOTENCY_IN_PROGRESS,
                    "the first request with Idempotency-Key '" + key + "' is still being processed; retry later");
        }
        return new Replay(existing);
    }

    void complete(String partnerId, String key, byte[] bodyDigest, int status, String contentType, byte[] body) {
        entries.put(id(partnerId, key), new Entry(bodyDigest, true, status, contentType, body), ttlSeconds,
                TimeUnit.SECONDS);
    }

    void abandon(String partnerId, String key) {
        entries.delete(id(partnerId, key));
    }

    private static String id(String partnerId, String key) {
        return partnerId + '\n' + key;
    }
}
