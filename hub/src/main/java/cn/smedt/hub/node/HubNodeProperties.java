package cn.smedt.hub.node;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who this hub node is.
 *
 * @param name       human-readable node name, shown in logs and the dashboard
 * @param regionCode GB/T 2260 (or hub-local) code of the jurisdiction this node serves, e.g. {@code 410100}
 * @param parentUrl  base URL of the parent hub (empty for a province node)
 * @param dataDir    directory for the H2 database, the Artemis journal and generated keys
 */
@ConfigurationProperties(prefix = "hub.node")
public record HubNodeProperties(String name, String regionCode, String parentUrl, Path dataDir) {

    public HubNodeProperties {
        if (name == null || name.isBlank()) {
            name = "hub";
        }
        if (dataDir == null) {
            dataDir = Path.of("data");
        }
    }
}
