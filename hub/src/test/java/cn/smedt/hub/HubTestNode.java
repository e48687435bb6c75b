package cn.smedt.hub;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Properties that make a hub node test-friendly: own data dir, in-memory H2, free ports, loopback only. */
public final class HubTestNode {

    private HubTestNode() {
    }

    public static void isolate(DynamicPropertyRegistry registry) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        registry.add("hub.node.data-dir", () -> "./target/it-data/" + id);
        registry.add("hub.node.name", () -> "it-" + id);
        registry.add("hub.cluster.port", () -> "0");
        registry.add("hub.cluster.cluster-name", () -> "it-" + id);
        registry.add("hub.messaging.mqtt-url", () -> "");
        registry.add("hub.messaging.core-url", () -> "");
        registry.add("spring.artemis.embedded.persistent", () -> "false");
        registry.add("spring.artemis.embedded.server-id", () -> String.valueOf(Math.abs(id.hashCode() % 10000)));
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + id + ";DB_CLOSE_DELAY=-1");
        registry.add("server.port", () -> "0");
    }
}
