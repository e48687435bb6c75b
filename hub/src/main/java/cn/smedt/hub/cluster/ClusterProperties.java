package cn.smedt.hub.cluster;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this node joins the other nodes of the same hub (shared nonces, idempotency keys, rate limits, ledger).
 *
 * @param clusterName  Hazelcast cluster name; nodes of one hub share it, other hubs must not
 * @param bindAddress  interface the member listens on (loopback by default)
 * @param port         member port; {@code 0} picks a free one (tests)
 * @param members      TCP-IP member list ({@code host:port}); empty for a single node
 */
@ConfigurationProperties(prefix = "hub.cluster")
public record ClusterProperties(String clusterName, String bindAddress, Integer port, List<String> members) {

    public ClusterProperties {
        if (clusterName == null || clusterName.isBlank()) {
            clusterName = "smedt-hub";
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            bindAddress = "127.0.0.1";
        }
        if (port == null) {
            port = 5701;
        }
        members = members == null ? List.of() : List.copyOf(members);
    }
}
