package cn.smedt.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several hub nodes started by a test from {@link HubNode}s (e.g. a federation of a province, a city and a county,
 * or two nodes of one hub), closed together in reverse order. {@link #oneHub} makes the nodes of one hub; the
 * nodes of a federation are made with {@link HubNode#create} and {@link HubNode#parent}/{@link HubNode#child}.
 *
 * <pre>{@code
 * static HubNodes nodes;
 *
 * @BeforeAll
 * static void start() {
 *     nodes = HubNodes.start(HubNodes.oneHub("cap", 2));
 * }
 *
 * @AfterAll
 * static void stop() {
 *     nodes.close();
 * }
 * }</pre>
 */
public final class HubNodes implements AutoCloseable {

    private final List<ConfigurableApplicationContext> contexts;

    private HubNodes(List<ConfigurableApplicationContext> contexts) {
        this.contexts = contexts;
    }

    /**
     * {@code count} nodes of one hub, named {@code name-a}, {@code name-b}, ...: one database, one Hazelcast cluster
     * whose members are on free loopback ports; each has its own data dir and broker.
     */
    public static HubNode[] oneHub(String name, int count) {
        HubNode[] nodes = new HubNode[count];
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            nodes[i] = HubNode.create(name + "-" + (char) ('a' + i));
            ports[i] = HubNode.freePort();
        }
        String members = Arrays.stream(ports).mapToObj(port -> "127.0.0.1:" + port)
                .collect(Collectors.joining(","));
        String cluster = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < count; i++) {
            nodes[i].sameDatabaseAs(nodes[0]).set("hub.cluster.cluster-name", cluster)
                    .set("hub.cluster.port", ports[i]).set("hub.cluster.members", members);
        }
        return nodes;
    }

    /** Starts the nodes in this order; when one fails to start, the ones already started are closed. */
    public static HubNodes start(HubNode... nodes) {
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        HubNodes hubNodes = new HubNodes(started);
        try {
            for (HubNode node : nodes) {
                started.add(node.start());
            }
            return hubNodes;
        } catch (RuntimeException e) {
            hubNodes.close();
            throw e;
        }
    }

    /** The i-th node started. */
    public ConfigurableApplicationContext get(int i) {
        return contexts.get(i);
    }

    /** The URL of the i-th node started. */
    public String baseUrl(int i) {
        return baseUrl(get(i));
    }

    /** The URL of a started node. */
    public static String baseUrl(ConfigurableApplicationContext node) {
        String scheme = node.getEnvironment().getProperty("server.ssl.bundle", "").isEmpty() ? "http" : "https";
        return scheme + "://127.0.0.1:" + ((ServletWebServerApplicationContext) node).getWebServer().getPort();
    }

    /** A bean of the i-th node started. */
    public <T> T bean(int i, Class<T> type) {
        return get(i).getBean(type);
    }

    /**
     * Closes the nodes in reverse order and forgets them: a test class's static {@code HubNodes} lives as long as the
     * test JVM, and a closed context it still held would keep its whole node in the heap.
     */
    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        contexts.clear();
    }
}
