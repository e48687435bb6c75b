package cn.smedt.hub.gateway;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
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

    /** True the first time this nonce is seen for this key; false for a replay. */
    boolean firstUse(String keyId, String nonce, long created) {
        return nonces.putIfAbsent(keyId + '\n' + nonce, created, rememberSeconds, TimeUnit.SECONDS) == null;
    }
}
