package cn.smedt.hub;

import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.security.keys.PemKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The settings of one test hub node, the one fixture every hub integration test starts its nodes with: a
 * {@link HubIT} class gets one made for it (and adds its own settings in a {@link HubIT.Settings} method), a test
 * that starts nodes by hand ({@link HubNodes}) makes them with {@link #create} and {@link #start}s them.
 *
 * <p>{@link #create} gives a node that is test-friendly and shares nothing with another node: its own data dir
 * ({@code target/it-data/<id>}), its own database ({@link TestDatabase}: H2 in memory or PostgreSQL, picked for the
 * test JVM by {@code -Dhub.test.database}), its own Hazelcast cluster name on a free port, its own embedded broker
 * (not persistent, a server id no other node of the JVM has), no MQTT or CORE acceptor, the partner API on HTTPS
 * on a free loopback port (a certificate of {@link TestTls#fixture}, made at test time, which also verifies the
 * nodes it calls: {@code hub.transport.outbound-bundle}), the operator port (dashboard) on another free loopback
 * port ({@link #operatorUrl}), and the test partners of {@link TestPartners#ALL} in its partner registry. The methods below add
 * what a node of a federation or of a several-node hub needs (region, identity, parent, children, more partners).
 *
 * <p>Every setting is one property in one map, so the partner list ({@code hub.gateway.partners[i]}) is always
 * bound from one property source: Spring Boot binds a list from the first source that has any element of it, so a
 * {@code webhook-url} added to a partner from another source would drop the partner's other settings.
 */
public final class HubNode {

    private static final AtomicInteger BROKER_IDS = new AtomicInteger(100);
    /** The SSL bundle of a test node's partner API (and of its outbound calls). */
    public static final String BUNDLE = "hub-it";

    private final String name;
    private final String id;
    private final Map<String, String> props = new LinkedHashMap<>();
    private int extraPartners;
    private int children;

    private HubNode(String name, String id) {
        this.name = name;
        this.id = id;
        set("server.port", 0);
        TestTls.Issued server = TestTls.fixtureServer();
        set("server.ssl.bundle", BUNDLE);
        set("spring.ssl.bundle.pem." + BUNDLE + ".keystore.certificate", server.certificateLocation());
        set("spring.ssl.bundle.pem." + BUNDLE + ".keystore.private-key", server.privateKeyLocation());
        set("spring.ssl.bundle.pem." + BUNDLE + ".truststore.certificate", TestTls.fixture().caLocation());
        set("hub.transport.outbound-bundle", BUNDLE);
        set("hub.operator.port", freePort());
        set("hub.node.name", name);
        set("hub.node.data-dir", "./target/it-data/" + id);
        set("hub.cluster.port", 0);
        set("hub.cluster.cluster-name", id);
        set("hub.messaging.mqtt-url", "");
        set("hub.messaging.core-url", "");
        set("spring.artemis.embedded.persistent", false);
        set("spring.artemis.embedded.server-id", BROKER_IDS.incrementAndGet());
        set("spring.datasource.url", TestDatabase.create(id));
        set("spring.datasource.username", TestDatabase.USER);
        set("spring.datasource.password", TestDatabase.PASSWORD);
        props.putAll(TestPartners.properties());
    }

    /** A new node named {@code name} ({@code hub.node.name}; letters, digits and '-'), sharing nothing. */
    public static HubNode create(String name) {
        return new HubNode(name, name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A new node with a name of its own ({@code it-} and 8 random characters), sharing nothing. */
    public static HubNode create() {
        String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        return new HubNode(id, id);
    }

    /**
     * Serves the partner API on plain HTTP ({@code hub.transport.plaintext-http}), as behind a proxy that terminates
     * TLS; only for tests of that set-up.
     */
    public HubNode plaintext() {
        props.remove("server.ssl.bundle");
        return set("hub.transport.plaintext-http", true);
    }

    /** Sets one property (as the command line would: it wins over application.yml). */
    public HubNode set(String property, Object value) {
        props.put(property, String.valueOf(value));
        return this;
    }

    /** Sets a property of a registered partner, e.g. {@code webhook-url}. */
    public HubNode partner(TestPartner partner, String property, Object value) {
        return set(TestPartners.prefix(partner) + property, value);
    }

    /** Gives an assessor a qualification with this certificate, valid from {@code from} until {@code until}. */
    public HubNode qualify(TestPartner assessor, String certificate, String from, String until) {
        return partner(assessor, "qualification.certificate", certificate)
                .partner(assessor, "qualification.valid-from", from)
                .partner(assessor, "qualification.valid-until", until);
    }

    /** Adds a partner to the registry after {@link TestPartners#ALL} (a second platform, a child or parent hub). */
    public HubNode extraPartner(TestPartner partner) {
        props.putAll(TestPartners.properties("hub.gateway.partners[" + (TestPartners.ALL.size() + extraPartners++)
                + "].", partner));
        return this;
    }

    /** Adds a partner with other regions and scopes than its own (a hub node as the partner of its neighbour). */
    public HubNode extraPartner(TestPartner partner, String regions, String scopes) {
        return extraPartner(new TestPartner(partner.id(), partner.type(), regions, scopes, partner.algorithm(),
                partner.keys()));
    }

    /** The region this node serves ({@code hub.node.region-code}). */
    public HubNode region(String code) {
        return set("hub.node.region-code", code);
    }

    /** Signs as {@code hub} (its key pair written to the node's data dir): how its neighbours know the node. */
    public HubNode identity(TestPartner hub) {
        try {
            Path keys = Files.createDirectories(Path.of("target/it-data/" + id + "-keys"));
            Path privateKey = Files.writeString(keys.resolve("private.pem"), PemKeys.toPem(hub.keys().getPrivate()));
            Path publicKey = Files.writeString(keys.resolve("public.pem"), PemKeys.toPem(hub.keys().getPublic()));
            return set("hub.identity.key-id", hub.keyId())
                    .set("hub.identity.private-key", privateKey.toAbsolutePath())
                    .set("hub.identity.public-key", publicKey.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hub node above this one in the federation, serving {@code hub.regions()} at {@code url}. */
    public HubNode parent(TestPartner hub, String url) {
        return set("hub.federation.parent.hub-id", hub.id())
                .set("hub.federation.parent.region", hub.regions())
                .set("hub.federation.parent.url", url);
    }

    /** A hub node below this one in the federation, serving {@code hub.regions()} at {@code url}. */
    public HubNode child(TestPartner hub, String url) {
        String prefix = "hub.federation.children[" + children++ + "].";
        return set(prefix + "hub-id", hub.id()).set(prefix + "region", hub.regions()).set(prefix + "url", url);
    }

    /** Listens on a free loopback port chosen now, so that {@link #baseUrl} is known before the node starts. */
    public HubNode onFreePort() {
        return set("server.port", freePort()).set("server.address", "127.0.0.1");
    }

    /** The node's URL; only for a node {@link #onFreePort}: others learn their port when started. */
    public String baseUrl() {
        String port = props.get("server.port");
        if ("0".equals(port)) {
            throw new IllegalStateException("node " + name + " gets its port when started: onFreePort() first");
        }
        return (props.containsKey("server.ssl.bundle") ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** The URL of a test node's partner API listening on {@code port} (HTTPS, as {@link #create} makes it). */
    public static String url(int port) {
        return "https://127.0.0.1:" + port;
    }

    /** The node's operator port URL (the dashboard: {@code /dashboard/}), plain HTTP on loopback. */
    public String operatorUrl() {
        return "http://127.0.0.1:" + props.get("hub.operator.port");
    }

    /** Uses the database of {@code other}: nodes of one hub share it, as in production. */
    public HubNode sameDatabaseAs(HubNode other) {
        for (String key : new String[] {"spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password"}) {
            set(key, other.props.get(key));
        }
        return this;
    }

    public String name() {
        return name;
    }

    /** The node's properties as they are now. */
    public Map<String, String> properties() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(props));
    }

    /** Starts the node with its properties as they are now (a node may be started again after it was closed). */
    public ConfigurableApplicationContext start() {
        // as command-line arguments: they must win over application.yml (builder properties are only defaults)
        return new SpringApplicationBuilder(HubApplication.class).run(props.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
