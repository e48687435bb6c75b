package cn.smedt.simulators.devices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated factory machines behind an Eclipse Milo OPC UA server, for the OPC UA connector's tests, the benchmark
 * and demos. It binds {@code 127.0.0.1:<port>} (the caller picks the port: Milo has no ephemeral-port bind that
 * reports the chosen port), endpoint {@value #PATH}, anonymous identity. Security: the constructor offers security
 * policy None only; {@link #builder} can add Basic256Sha256 endpoints (SignAndEncrypt and/or Sign) and drop None, so
 * a secured server refuses clients without a certificate it trusts ({@link #trustClientCertificate}).
 *
 * <p>Address space, namespace {@value #NAMESPACE_URI} (index 2, the first namespace after the server's own): folder
 * {@code Objects/Machines}, under it one folder per machine {@code ns=2;s=<deviceId>} organizing
 * <ul>
 *   <li>{@code ns=2;s=<deviceId>/State}: String, RUN|IDLE|ALARM|OFF;</li>
 *   <li>{@code ns=2;s=<deviceId>/PartCount}: Int64 (signed, as a Java long: a cumulative counter never nears 2^63,
 *       and Int64 avoids the unsigned types many PLC clients handle badly);</li>
 *   <li>{@code ns=2;s=<deviceId>/EnergyKwh}: Double, kWh with 3 decimals (the {@link MachineModel}'s BigDecimal).</li>
 * </ul>
 * Each value carries the instant it was produced as source timestamp. Values change either every {@code interval}
 * (each machine's {@link MachineModel} advanced to the wall clock) or only when a test calls {@link #advance(Instant)}
 * / {@link #setValues} ({@code interval} {@link Duration#ZERO}).
 *
 * <p>The server certificate (needed by Milo even for security None) is a self-signed RSA one (application URI
 * {@value #APPLICATION_URI}, IP 127.0.0.1, DNS localhost) generated with {@link SelfSignedCertificateBuilder}: by
 * default once per JVM in memory (nothing is written to disk; a server restarted in the same JVM presents the same
 * certificate, like a restarted PLC); with {@link Builder#certificateDirectory(Path)} it is kept in that directory
 * ({@value #CERTIFICATE_KEY_STORE}, generated if absent, and {@value #CERTIFICATE_FILE}, the DER certificate for the
 * clients' trust lists), so each directory is a distinct server identity. {@link #serverCertificate()} returns it. A
 * stopped server cannot be started again: create a new instance on the same port.
 */
public final class OpcUaMachineServer implements AutoCloseable {

    /** URI of the machines' namespace (index 2). */
    public static final String NAMESPACE_URI = "urn:smedt:simulators:machines";
    /** Endpoint path. */
    public static final String PATH = "/smedt";
    private static final String HOST = "127.0.0.1";
    /** Application URI of the server (also in its certificate). */
    public static final String APPLICATION_URI = "urn:smedt:simulators:opcua-machine-server";
    /** PKCS#12 file of the server's key and certificate in a {@link Builder#certificateDirectory(Path)}. */
    public static final String CERTIFICATE_KEY_STORE = "server.p12";
    /** DER file of the server's certificate in a {@link Builder#certificateDirectory(Path)}. */
    public static final String CERTIFICATE_FILE = "server.der";
    private static final char[] KEY_STORE_PASSWORD = "smedt-simulator".toCharArray();
    private static final String KEY_ALIAS = "server";
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaMachineServer.class);

    /** One simulated machine: its device id (node id prefix), kind and random seed. */
    public record Machine(String deviceId, MachineKind kind, long seed) {
        public Machine {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(kind, "kind");
        }
    }

    private final int port;
    private final Duration interval;
    private final Map<String, MachineModel> models = new LinkedHashMap<>();
    private final Map<String, MachineNodes> nodes = new LinkedHashMap<>();
    private final AtomicLong valueChanges = new AtomicLong();
    private final AtomicLong machineUpdates = new AtomicLong();
    private OpcUaServer server;
    private MachineNamespace namespace;
    private ScheduledExecutorService ticker;
    private boolean used;
    private final boolean securityNone;
    private final Set<MessageSecurityMode> basic256Sha256Modes;
    private final ServerCertificate certificate;
    private final MemoryTrustListManager trustedClients = new MemoryTrustListManager();
    private final MemoryCertificateQuarantine rejectedClients = new MemoryCertificateQuarantine();

    /**
     * A server with security policy None only (anonymous), and the JVM's in-memory certificate.
     *
     * @param port     TCP port to bind on 127.0.0.1
     * @param machines the simulated machines (device ids unique)
     * @param interval how often every machine advances to the wall clock; {@link Duration#ZERO}: never by itself
     */
    public OpcUaMachineServer(int port, List<Machine> machines, Duration interval) {
        this(builder(port, machines, interval));
    }

    private OpcUaMachineServer(Builder builder) {
        if (builder.port <= 0 || builder.port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + builder.port);
        }
        this.port = builder.port;
        this.interval = Objects.requireNonNull(builder.interval, "interval");
        for (Machine machine : builder.machines) {
            if (models.put(machine.deviceId(), new MachineModel(machine.kind(), machine.seed())) != null) {
                throw new IllegalArgumentException("duplicate deviceId " + machine.deviceId());
            }
        }
        this.securityNone = builder.securityNone;
        this.basic256Sha256Modes = Set.copyOf(builder.basic256Sha256Modes);
        if (!securityNone && basic256Sha256Modes.isEmpty()) {
            throw new IllegalArgumentException("a server needs an endpoint: security None or Basic256Sha256");
        }
        try {
            this.certificate = builder.certificateDirectory == null ? ServerCertificate.get()
                    : ServerCertificate.inDirectory(builder.certificateDirectory);
        } catch (Exception e) {
            throw new SimulatorServerException("cannot create the OPC UA server certificate"
                    + (builder.certificateDirectory == null ? "" : " in " + builder.certificateDirectory), e);
        }
        builder.trustedClients.forEach(trustedClients::addTrustedCertificate);
    }

    /** A builder of a server on {@code 127.0.0.1:<port>}: security None only unless told otherwise. */
    public static Builder builder(int port, List<Machine> machines, Duration interval) {
        return new Builder(port, machines, interval);
    }

    /** Which endpoints a server offers, its certificate and the client certificates it trusts. */
    public static final class Builder {
        private final int port;
        private final List<Machine> machines;
        private final Duration interval;
        private boolean securityNone = true;
        private final Set<MessageSecurityMode> basic256Sha256Modes = EnumSet.noneOf(MessageSecurityMode.class);
        private Path certificateDirectory;
        private final List<X509Certificate> trustedClients = new ArrayList<>();

        private Builder(int port, List<Machine> machines, Duration interval) {
            this.port = port;
            this.machines = List.copyOf(machines);
            this.interval = interval;
        }

        /** Whether to offer the endpoint with security policy None (default true). */
        public Builder securityNone(boolean offer) {
            this.securityNone = offer;
            return this;
        }

        /**
         * Also offers security policy Basic256Sha256 with the given modes ({@code SignAndEncrypt} when none given);
         * clients must present a certificate the server trusts.
         */
        public Builder basic256Sha256(MessageSecurityMode... modes) {
            List<MessageSecurityMode> chosen = modes.length == 0 ? List.of(MessageSecurityMode.SignAndEncrypt)
                    : List.of(modes);
            for (MessageSecurityMode mode : chosen) {
                if (mode != MessageSecurityMode.Sign && mode != MessageSecurityMode.SignAndEncrypt) {
                    throw new IllegalArgumentException("Basic256Sha256 modes are Sign and SignAndEncrypt, was " + mode);
                }
            }
            basic256Sha256Modes.addAll(chosen);
            return this;
        }

        /**
         * Keeps the server's key and certificate in {@code directory}
         * ({@value OpcUaMachineServer#CERTIFICATE_KEY_STORE} read if there, else generated;
         * {@value OpcUaMachineServer#CERTIFICATE_FILE} written) instead of the JVM's in-memory certificate.
         */
        public Builder certificateDirectory(Path directory) {
            this.certificateDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Trusts a client certificate (Basic256Sha256); more can be added with {@link #trustClientCertificate}. */
        public Builder trustClientCertificate(X509Certificate certificate) {
            trustedClients.add(Objects.requireNonNull(certificate, "certificate"));
            return this;
        }

        public OpcUaMachineServer build() {
            return new OpcUaMachineServer(this);
        }
    }

    /** The server's certificate, e.g. for a client's trusted directory (available before {@link #start()}). */
    public X509Certificate serverCertificate() {
        return certificate.certificate();
    }

    /** Trusts a client certificate from now on (before or after {@link #start()}). */
    public void trustClientCertificate(X509Certificate clientCertificate) {
        trustedClients.addTrustedCertificate(Objects.requireNonNull(clientCertificate, "clientCertificate"));
    }

    /** Client certificates the server refused because it does not trust them. */
    public List<X509Certificate> rejectedClientCertificates() {
        return rejectedClients.getRejectedCertificates();
    }

    /**
     * Runs a server until stopped (Ctrl-C): {@code [port=4840] [machines=4] [intervalMillis=1000]}; machine i is
     * {@code machine-<i>} of kind {@code MachineKind.values()[i % 4]}, seed i. Prints the connector configuration
     * (YAML) for its machines.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4840;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Duration interval = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 1000);
        List<Machine> machines = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            machines.add(new Machine("machine-" + i, MachineKind.values()[i % MachineKind.values().length], i));
        }
        OpcUaMachineServer server = new OpcUaMachineServer(port, machines, interval);
        server.start();
        StringBuilder yaml = new StringBuilder("endpointUrl: " + server.endpointUrl()
                + "\nsecurityPolicy: None\nsamplingInterval: 1s\nmachines:\n");
        for (Machine machine : machines) {
            String id = machine.deviceId();
            yaml.append("  - uscc: <enterprise USCC>\n    deviceId: ").append(id)
                    .append("\n    stateNodeId: \"").append(stateNodeId(id))
                    .append("\"\n    partCountNodeId: \"").append(partCountNodeId(id))
                    .append("\"\n    energyNodeId: \"").append(energyNodeId(id)).append("\"\n");
        }
        System.out.print(yaml);
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** {@code opc.tcp://127.0.0.1:<port>/smedt}. */
    public String endpointUrl() {
        return "opc.tcp://" + HOST + ":" + port + PATH;
    }

    public int port() {
        return port;
    }

    /** {@code ns=2;s=<deviceId>/State} (and likewise PartCount, EnergyKwh). */
    public static String stateNodeId(String deviceId) {
        return "ns=2;s=" + deviceId + "/State";
    }

    public static String partCountNodeId(String deviceId) {
        return "ns=2;s=" + deviceId + "/PartCount";
    }

    public static String energyNodeId(String deviceId) {
        return "ns=2;s=" + deviceId + "/EnergyKwh";
    }

    /** Binds the port, builds the address space with every machine at its first snapshot, starts the ticker. */
    public synchronized void start() {
        if (used) {
            throw new IllegalStateException("an OpcUaMachineServer starts once; create a new one on the same port");
        }
        used = true;
        try {
            server = new OpcUaServer(config(certificate), profile -> {
                if (profile != TransportProfile.TCP_UASC_UABINARY) {
                    throw new IllegalArgumentException("unsupported transport profile " + profile);
                }
                return new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build());
            });
            namespace = new MachineNamespace(server);
            namespace.startup();
            server.startup().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            stop();
            throw new SimulatorServerException("OPC UA machine server did not start on " + endpointUrl(), e);
        }
        advance(Instant.now());
        if (!interval.isZero()) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "opcua-machines-" + port);
                t.setDaemon(true);
                return t;
            });
            long millis = interval.toMillis();
            ticker.scheduleAtFixedRate(() -> {
                try {
                    advance(Instant.now());
                } catch (RuntimeException e) {
                    LOG.warn("machine tick failed", e);
                }
            }, millis, millis, TimeUnit.MILLISECONDS);
        }
        LOG.info("OPC UA machine server with {} machines on {}", models.size(), endpointUrl());
    }

    /**
     * Advances every machine to {@code now} and publishes the values that changed, with {@code now} as source
     * timestamp. Returns the machines' new snapshots by device id.
     */
    public synchronized Map<String, MachineModel.Snapshot> advance(Instant now) {
        Map<String, MachineModel.Snapshot> snapshots = new LinkedHashMap<>();
        models.forEach((deviceId, model) -> {
            MachineModel.Snapshot snapshot = model.advance(now);
            snapshots.put(deviceId, snapshot);
            publish(deviceId, snapshot.state(), snapshot.partCount(), snapshot.energyKwh(), now);
        });
        return snapshots;
    }

    /**
     * Sets one machine's values directly (the model is not consulted), source timestamp {@code ts}: deterministic
     * input for tests. State may be any string, so a test can also publish an unknown state.
     */
    public synchronized void setValues(String deviceId, String state, long partCount, BigDecimal energyKwh,
            Instant ts) {
        if (!models.containsKey(deviceId)) {
            throw new IllegalArgumentException("unknown deviceId " + deviceId);
        }
        publish(deviceId, state, partCount, energyKwh, ts);
    }

    /** Node values that changed since start (each of the three nodes counts): the baseline of the benchmark. */
    public long valueChanges() {
        return valueChanges.get();
    }

    /** Machine updates since start: per machine and tick, 1 when at least one of its three values changed. */
    public long machineUpdates() {
        return machineUpdates.get();
    }

    private void publish(String deviceId, String state, long partCount, BigDecimal energyKwh, Instant ts) {
        MachineNodes machine = nodes.get(deviceId);
        if (machine == null) {
            return; // not started
        }
        DateTime time = new DateTime(ts);
        int changed = set(machine.state, Variant.ofString(state), time)
                + set(machine.partCount, Variant.ofInt64(partCount), time)
                + set(machine.energy, Variant.ofDouble(energyKwh.doubleValue()), time);
        if (changed > 0) {
            valueChanges.addAndGet(changed);
            machineUpdates.incrementAndGet();
        }
    }

    private static int set(UaVariableNode node, Variant value, DateTime time) {
        boolean changed = !value.equals(node.getValue().getValue());
        if (changed) {
            node.setValue(new DataValue(value, StatusCode.GOOD, time, time));
        }
        return changed ? 1 : 0;
    }

    /** Stops the ticker and the server (releasing the port). Idempotent. */
    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (namespace != null) {
            namespace.shutdown();
            namespace = null;
        }
        if (server != null) {
            try {
                server.shutdown().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("OPC UA machine server on {} did not shut down cleanly", endpointUrl(), e);
            }
            server = null;
            LOG.info("OPC UA machine server on {} stopped", endpointUrl());
        }
        nodes.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private OpcUaServerConfig config(ServerCertificate certificate) throws Exception {
        MemoryTrustListManager trustList = trustedClients;
        MemoryCertificateQuarantine quarantine = rejectedClients;
        RsaSha256CertificateFactory factory = new RsaSha256CertificateFactory() {
            @Override
            protected KeyPair createRsaSha256KeyPair() {
                return certificate.keyPair();
            }

            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
                return new X509Certificate[] {certificate.certificate()};
            }
        };
        DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(trustList,
                new MemoryCertificateStore(), factory, new DefaultServerCertificateValidator(trustList, quarantine));
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        if (securityNone) {
            endpoints.add(endpoint(certificate, SecurityPolicy.None, MessageSecurityMode.None));
        }
        for (MessageSecurityMode mode : basic256Sha256Modes) {
            endpoints.add(endpoint(certificate, SecurityPolicy.Basic256Sha256, mode));
        }
        return OpcUaServerConfig.builder()
                .setApplicationUri(APPLICATION_URI)
                .setApplicationName(LocalizedText.english("smedt simulated machines"))
                .setProductUri(APPLICATION_URI)
                .setBuildInfo(new BuildInfo(APPLICATION_URI, "smedt", "smedt simulated machines",
                        OpcUaServer.SDK_VERSION, "", DateTime.now()))
                .setEndpoints(endpoints)
                .setCertificateManager(new DefaultCertificateManager(quarantine, group))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
    }

    private EndpointConfig endpoint(ServerCertificate certificate, SecurityPolicy policy, MessageSecurityMode mode) {
        return EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(HOST)
                .setBindPort(port)
                .setHostname(HOST)
                .setPath(PATH)
                .setCertificate(certificate.certificate())
                .setSecurityPolicy(policy)
                .setSecurityMode(mode)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
    }

    private record MachineNodes(UaVariableNode state, UaVariableNode partCount, UaVariableNode energy) {
    }

    /** The server's self-signed certificate: the JVM's in-memory one, or one kept in a directory. */
    private record ServerCertificate(KeyPair keyPair, X509Certificate certificate) {

        private static ServerCertificate instance;

        static synchronized ServerCertificate get() throws Exception {
            if (instance == null) {
                instance = generate();
            }
            return instance;
        }

        private static ServerCertificate generate() throws Exception {
            KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("smedt simulated machines")
                    .setOrganization("smedt")
                    .setApplicationUri(APPLICATION_URI)
                    .addDnsName("localhost")
                    .addIpAddress(HOST)
                    .build();
            return new ServerCertificate(keyPair, certificate);
        }

        /** Reads the key store of {@code directory}, or generates and writes it. */
        static ServerCertificate inDirectory(Path directory) throws Exception {
            Files.createDirectories(directory);
            Path keyStoreFile = directory.resolve(CERTIFICATE_KEY_STORE);
            KeyStore store = KeyStore.getInstance("PKCS12");
            ServerCertificate result;
            if (Files.isRegularFile(keyStoreFile)) {
                try (InputStream in = Files.newInputStream(keyStoreFile)) {
                    store.load(in, KEY_STORE_PASSWORD);
                }
                X509Certificate certificate = (X509Certificate) store.getCertificate(KEY_ALIAS);
                PrivateKey key = (PrivateKey) store.getKey(KEY_ALIAS, KEY_STORE_PASSWORD);
                if (certificate == null || key == null) {
                    throw new GeneralSecurityException(keyStoreFile + " has no key entry '" + KEY_ALIAS + "'");
                }
                result = new ServerCertificate(new KeyPair(certificate.getPublicKey(), key), certificate);
            } else {
                result = generate();
                store.load(null, null);
                store.setKeyEntry(KEY_ALIAS, result.keyPair().getPrivate(), KEY_STORE_PASSWORD,
                        new Certificate[] {result.certificate()});
                try (OutputStream out = Files.newOutputStream(keyStoreFile)) {
                    store.store(out, KEY_STORE_PASSWORD);
                }
            }
            writeDer(directory.resolve(CERTIFICATE_FILE), result.certificate());
            return result;
        }

        private static void writeDer(Path file, X509Certificate certificate) throws IOException,
                GeneralSecurityException {
            Files.write(file, certificate.getEncoded());
        }
    }

    private final class MachineNamespace extends ManagedNamespaceWithLifecycle {

        private final SubscriptionModel subscriptionModel;

        MachineNamespace(OpcUaServer server) {
            super(server, NAMESPACE_URI);
            subscriptionModel = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptionModel);
            getLifecycleManager().addStartupTask(this::addNodes);
        }

        private void addNodes() {
            UaFolderNode root = folder("Machines");
            root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                    false));
            for (String deviceId : models.keySet()) {
                UaFolderNode folder = folder(deviceId);
                root.addOrganizes(folder);
                MachineNodes machine = new MachineNodes(
                        variable(folder, deviceId + "/State", NodeIds.String, Variant.ofString("OFF")),
                        variable(folder, deviceId + "/PartCount", NodeIds.Int64, Variant.ofInt64(0L)),
                        variable(folder, deviceId + "/EnergyKwh", NodeIds.Double, Variant.ofDouble(0.0)));
                nodes.put(deviceId, machine);
            }
        }

        private UaFolderNode folder(String id) {
            UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(id), new QualifiedName(
                    getNamespaceIndex(), id), LocalizedText.english(id));
            getNodeManager().addNode(folder);
            return folder;
        }

        private UaVariableNode variable(UaFolderNode folder, String id, NodeId dataType, Variant initial) {
            String name = id.substring(id.lastIndexOf('/') + 1);
            UaVariableNode node = UaVariableNode.builder(getNodeContext())
                    .setNodeId(newNodeId(id))
                    .setBrowseName(new QualifiedName(getNamespaceIndex(), name))
                    .setDisplayName(LocalizedText.english(name))
                    .setDataType(dataType)
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .setAccessLevel(AccessLevel.READ_ONLY)
                    .setUserAccessLevel(AccessLevel.READ_ONLY)
                    .setValue(new DataValue(initial, StatusCode.GOOD, DateTime.now()))
                    .build();
            getNodeManager().addNode(node);
            folder.addOrganizes(node);
            return node;
        }

        @Override
        public void onDataItemsCreated(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsCreated(dataItems);
        }

        @Override
        public void onDataItemsModified(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsModified(dataItems);
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsDeleted(dataItems);
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
            subscriptionModel.onMonitoringModeChanged(monitoredItems);
        }
    }
}
