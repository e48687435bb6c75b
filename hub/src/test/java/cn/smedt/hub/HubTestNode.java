package cn.smedt.hub;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Properties that make a hub node test-friendly: own data dir, its own database ({@link TestDatabase}: H2 in memory
 * or PostgreSQL, picked by {@code -Dhub.test.database}), free ports, loopback only. The one fixture every hub test
 * starts its nodes with: {@link #isolate} for a {@code @SpringBootTest}, {@link #database} for nodes started by hand.
 */
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
        database(id).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("server.port", () -> "0");
    }

    /**
     * The datasource properties of a new, empty database named after {@code name}; nodes given the same map share one
     * database (as several nodes of one hub do in production).
     */
    public static Map<String, Object> database(String name) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", TestDatabase.create(name));
        props.put("spring.datasource.username", TestDatabase.USER);
        props.put("spring.datasource.password", TestDatabase.PASSWORD);
        return props;
    }
}
