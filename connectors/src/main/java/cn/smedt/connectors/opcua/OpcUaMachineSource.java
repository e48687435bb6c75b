package cn.smedt.connectors.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the telemetry of a factory's OPC UA machines to a {@code Consumer<MachineSample>}: one Eclipse Milo client per
 * factory endpoint, one subscription publishing at the configured publishing interval, three monitored items per
 * machine (state, part counter, energy meter) sampled at the sampling interval, each with a queue of
 * {@link OpcUaFactoryConfig#queueSize()} values on the server (discard oldest).
 *
 * <p>Samples: one {@link MachineSample} per machine and distinct source timestamp (server timestamp when the server
 * sends none) among the values a publish response brings, in timestamp order, with all three values as of that
 * timestamp (the latest known for those that did not change), once all three are known. Values of one machine with the
 * same timestamp (one change of the machine touching two or three variables) give one sample; values with different
 * timestamps (several changes queued on the server between two publishes) give one sample each. A value with the
 * same timestamp as the machine's last sample (it arrived a publish later than its siblings of the same change, when
 * the server sampled while the change was being written) gives no sample of its own: it is in the machine's next one
 * (the hub would drop a second sample with the same timestamp as a duplicate). After (re)subscribing the server sends
 * every current value, which gives one sample per machine unless its values equal the last sample's. A state that is
 * neither a known string nor a code 0..3 skips the sample (WARN). A value flagged with the overflow bit means the
 * server's queue of that item was full and it discarded a value: counted ({@link #valuesOverflowed()}) and logged at
 * WARN; so is a publish response lost on the way that the server could not republish ({@link #publishesLost()}): a
 * lost value is never silent. The listener is called on Milo's delivery thread of the subscription, one call at a
 * time: it must not block for long; an exception from it is logged and the sample counted as emitted.
 *
 * <p>Connection: {@link #start()} returns at once; a background thread connects, retrying with a backoff of 1 s
 * doubling up to 30 s (WARN per failed attempt) until the server answers. Once connected, Milo keeps the session alive
 * and reconnects by itself (reactivating the session, else creating a new one and transferring the subscription to
 * it). When the server lost the subscription (restart: the transfer fails, or the subscription timed out) this source
 * creates it and its monitored items again, so samples flow again with no action from the caller.
 *
 * <p>Security: with policy None the client connects to the server's None endpoint. With Basic256Sha256 it picks the
 * server endpoint with that policy and the configured message security mode (Sign or SignAndEncrypt), presents the
 * certificate and key of the configured key store, and accepts the server only if its certificate validates against
 * {@code trustedServerCertificates} (read on every attempt); a refused server is retried like an unreachable one, with
 * a WARN (and {@link #lastProblem()}) saying which certificate was refused and why. Identity: anonymous.
 */
public final class OpcUaMachineSource implements AutoCloseable {

    /** Connection state of a source. */
    public enum Status {
        /** Not started, or closed. */
        STOPPED,
        /** Started; not (yet, or no longer) connected with an active session and subscription. */
        RECONNECTING,
        /** Session active and the subscription exists on the server. */
        CONNECTED
    }

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaMachineSource.class);
    /**
     * Application URI of the client when it has no certificate of its own (security None), or when its certificate
     * has no subject alternative name URI.
     */
    public static final String DEFAULT_APPLICATION_URI = "urn:smedt:connectors:opcua-machine-source";

    private final OpcUaFactoryConfig config;
    private final Consumer<MachineSample> listener;
    private final List<MachineValues> machines = new ArrayList<>();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong publishesLost = new AtomicLong();
    private final Object lock = new Object();
    private final String name;
    private ScheduledExecutorService worker;
    private volatile Status status = Status.STOPPED;
    private volatile boolean sessionActive;
    private OpcUaClient client;
    private OpcUaSubscription subscription;
    private Duration retry = FIRST_RETRY;
    private final ClientCredentials credentials;
    private final String applicationUri;
    private volatile String lastProblem;

    /**
     * @param config   the factory's endpoint and machines
     * @param listener receives every sample (see the class comment for the calling thread)
     * @throws OpcUaConfigException if the key store of a Basic256Sha256 configuration can no longer be read (it was
     *                               read when the configuration was built)
     */
    public OpcUaMachineSource(OpcUaFactoryConfig config, Consumer<MachineSample> listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        if ("None".equals(config.securityPolicy())) {
            credentials = null;
            applicationUri = DEFAULT_APPLICATION_URI;
        } else {
            credentials = config.clientCredentials();
            applicationUri = credentials.applicationUri().orElse(DEFAULT_APPLICATION_URI);
        }
        for (OpcUaMachineConfig machine : config.machines()) {
            machines.add(new MachineValues(machine));
        }
        this.name = config.endpointUrl();
    }

    /** Starts connecting in the background; returns at once. Starting a started source does nothing. */
    public void start() {
        synchronized (lock) {
            if (worker != null) {
                return;
            }
            worker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "opcua-source " + name);
                t.setDaemon(true);
                return t;
            });
            status = Status.RECONNECTING;
            retry = FIRST_RETRY;
            worker.execute(this::connect);
        }
    }

    /** {@link Status#CONNECTED} while the session is active and the subscription exists. */
    public Status status() {
        return status;
    }

    /** Samples given to the listener since construction. */
    public long samplesEmitted() {
        return samples.get();
    }

    /**
     * Values received with the overflow bit since construction: each says the server's queue of that monitored item
     * was full and it discarded at least one older value, which is lost (every one is also logged at WARN).
     */
    public long valuesOverflowed() {
        return overflowed.get();
    }

    /**
     * Publish responses lost since construction: Milo saw a gap in the subscription's sequence numbers that the
     * server could not fill by republishing, so the values those responses held are lost (each is logged at WARN).
     */
    public long publishesLost() {
        return publishesLost.get();
    }

    /**
     * Why the last connection attempt (or subscription re-creation) failed, as logged at WARN, e.g. that the server's
     * certificate is not trusted; empty once connected.
     */
    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }

    /** The configuration this source was built with. */
    public OpcUaFactoryConfig config() {
        return config;
    }

    /** Stops retrying and closes the session (the server drops the subscription with it). Idempotent. */
    @Override
    public void close() {
        OpcUaClient closing;
        synchronized (lock) {
            if (worker == null) {
                return;
            }
            worker.shutdownNow();
            worker = null;
            status = Status.STOPPED;
            closing = client;
            client = null;
            subscription = null;
        }
        if (closing != null) {
            try {
                closing.disconnectAsync().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("OPC UA {}: disconnect on close failed", name, e);
            }
        }
    }

    // ---- connection (on the worker thread) ----

    private void connect() {
        if (stopped()) {
            return;
        }
        OpcUaClient created = null;
        try {
            created = createClient();
            created.addSessionActivityListener(new SessionListener());
            created.connect();
            OpcUaSubscription sub = new OpcUaSubscription(created, (double) config.publishingInterval().toMillis());
            sub.setSubscriptionListener(new DataListener());
            monitoredItems().forEach(sub::addMonitoredItem);
            synchronized (lock) {
                if (stopped()) {
                    throw new UaException(StatusCodes.Bad_Shutdown, "source closed while connecting");
                }
                client = created;
                subscription = sub;
            }
            createOnServer(sub);
            retry = FIRST_RETRY;
            lastProblem = null;
            LOG.info("OPC UA {}: connected ({}/{}), {} monitored items for {} machines, sampling {} ms, publishing {}"
                    + " ms, queue {}", name, config.securityPolicy(), config.messageSecurityMode(), machines.size() * 3,
                    machines.size(), config.samplingInterval().toMillis(), config.publishingInterval().toMillis(),
                    config.queueSize());
        } catch (Exception e) {
            String problem = "cannot connect (" + explain(e) + ")";
            lastProblem = problem;
            LOG.warn("OPC UA {}: {}; retrying in {} s", name, problem, retry.toSeconds());
            synchronized (lock) {
                if (client == created) {
                    client = null;
                    subscription = null;
                }
            }
            if (created != null) {
                created.disconnectAsync();
            }
            schedule(this::connect);
        }
    }

    private OpcUaClient createClient() throws UaException {
        URI endpoint = URI.create(config.endpointUrl());
        SecurityPolicy policy = SecurityPolicy.valueOf(config.securityPolicy());
        MessageSecurityMode mode = MessageSecurityMode.valueOf(config.messageSecurityMode());
        List<String> offered = new ArrayList<>();
        CertificateValidator validator = credentials == null ? null : new TrustedServers(trustList());
        try {
            return OpcUaClient.create(config.endpointUrl(),
                    endpoints -> {
                        endpoints.forEach(e -> offered.add(SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri())
                                .map(Enum::name).orElse(e.getSecurityPolicyUri()) + "/" + e.getSecurityMode()));
                        return endpoints.stream()
                                .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()))
                                .filter(e -> e.getSecurityMode() == mode)
                                .filter(OpcUaMachineSource::allowsAnonymous)
                                .findFirst()
                                .map(e -> EndpointUtil.updateUrl(e, endpoint.getHost(), endpoint.getPort()));
                    },
                    transport -> { },
                    client -> {
                        client.setApplicationName(LocalizedText.english("smedt hub OPC UA machine source"))
                                .setApplicationUri(applicationUri)
                                .setProductUri(DEFAULT_APPLICATION_URI)
                                .setIdentityProvider(new AnonymousProvider())
                                .setRequestTimeout(uint(10_000));
                        if (credentials != null) {
                            client.setKeyPair(credentials.keyPair())
                                    .setCertificate(credentials.certificate())
                                    .setCertificateChain(credentials.chain())
                                    .setCertificateValidator(validator);
                        }
                    });
        } catch (UaException e) {
            if (!offered.isEmpty() && e.getStatusCode().getValue() == StatusCodes.Bad_ConfigurationError) {
                throw new UaException(StatusCodes.Bad_ConfigurationError, "the server offers no endpoint with "
                        + policy.name() + "/" + mode + " and anonymous access; it offers " + offered);
            }
            throw e;
        }
    }

    /** The certificates of {@code trustedServerCertificates}, read now (so one added later is used next time). */
    private MemoryTrustListManager trustList() {
        MemoryTrustListManager trustList = new MemoryTrustListManager();
        Path dir = config.trustedServerCertificates();
        List<X509Certificate> trusted = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trusted.add((X509Certificate) certificate);
                    }
                } catch (IOException | CertificateException | ClassCastException e) {
                    LOG.warn("OPC UA {}: {} in trustedServerCertificates is not a DER or PEM certificate; ignored ({})",
                            name, file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("OPC UA {}: cannot read trustedServerCertificates {} ({}); no server is trusted", name, dir,
                    e.getMessage());
        }
        if (trusted.isEmpty()) {
            LOG.warn("OPC UA {}: trustedServerCertificates {} holds no certificate; no server is trusted", name, dir);
        }
        trustList.setTrustedCertificates(trusted);
        return trustList;
    }

    /**
     * Validates the server's certificate chain against {@code trustedServerCertificates} (Milo's client validator:
     * trust, validity, key usage, application URI); a refusal is remembered so the WARN says which certificate.
     */
    private final class TrustedServers implements CertificateValidator {
        private final CertificateValidator delegate;

        private final MemoryTrustListManager trustList;

        TrustedServers(MemoryTrustListManager trustList) {
            this.trustList = trustList;
            this.delegate = new DefaultClientCertificateValidator(trustList, new MemoryCertificateQuarantine());
        }

        @Override
        public void validateCertificateChain(List<X509Certificate> chain, String serverApplicationUri,
                String[] hostNames) throws UaException {
            try {
                delegate.validateCertificateChain(chain, serverApplicationUri, hostNames);
            } catch (UaException e) {
                X509Certificate certificate = chain.get(0);
                String which = "server certificate '" + certificate.getSubjectX500Principal().getName() + "' (SHA-1 "
                        + thumbprint(certificate) + ")";
                List<X509Certificate> trusted = trustList.getTrustedCertificates();
                boolean known = chain.stream().anyMatch(c -> trusted.contains(c)
                        || trusted.stream().anyMatch(t -> signedBy(c, t)));
                throw new UaException(e.getStatusCode(), known
                        ? which + " refused: " + statusName(e) + " " + e.getMessage()
                        : which + " is not trusted: neither it nor an issuer is in trustedServerCertificates "
                        + config.trustedServerCertificates() + " (" + statusName(e) + "; put the server's "
                        + "certificate there if this is the factory's server)");
            }
        }
    }

    /** Whether {@code issuer}'s key signed {@code certificate}. */
    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String statusName(UaException e) {
        return StatusCodes.lookup(e.getStatusCode().getValue()).map(names -> names[0])
                .orElse(e.getStatusCode().toString());
    }

    private static String thumbprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            return "?";
        }
    }

    /** The root cause's message, with a hint when the server refused this client's certificate. */
    private String explain(Throwable e) {
        String message = rootMessage(e);
        if (credentials != null && message.contains("Bad_SecurityChecksFailed")
                && !message.contains("server certificate")) {
            message += "; the server may not trust this client's certificate '"
                    + credentials.certificate().getSubjectX500Principal().getName() + "' (SHA-1 "
                    + thumbprint(credentials.certificate()) + ", application URI " + applicationUri
                    + "): add it to the server's trusted certificates";
        }
        return message;
    }

    private static boolean allowsAnonymous(EndpointDescription endpoint) {
        UserTokenPolicy[] tokens = endpoint.getUserIdentityTokens();
        if (tokens == null) {
            return false;
        }
        for (UserTokenPolicy token : tokens) {
            if (token.getTokenType() == UserTokenType.Anonymous) {
                return true;
            }
        }
        return false;
    }

    /**
     * The three monitored items of every machine, in machine order (state, part count, energy), as requested: the
     * sampling interval, a queue of {@link OpcUaFactoryConfig#queueSize()} values, discard oldest.
     */
    List<OpcUaMonitoredItem> monitoredItems() {
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (MachineValues machine : machines) {
            for (Field field : Field.values()) {
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(field.nodeId(machine.config));
                item.setSamplingInterval(config.samplingInterval().toMillis());
                item.setQueueSize(uint(config.queueSize()));
                item.setDiscardOldest(true);
                item.setUserObject(new ItemRef(machine, field));
                items.add(item);
            }
        }
        return items;
    }

    /** The listener the subscription delivers publish responses to (a new one; it keeps no state of its own). */
    OpcUaSubscription.SubscriptionListener dataListener() {
        return new DataListener();
    }

    /** Creates the subscription (if the server has none for it) and its monitored items. */
    private void createOnServer(OpcUaSubscription sub) throws UaException {
        if (sub.getSyncState() == OpcUaSubscription.SyncState.INITIAL) {
            sub.create();
        }
        List<MonitoredItemServiceOperationResult> results = sub.createMonitoredItems();
        for (MonitoredItemServiceOperationResult result : results) {
            if (!result.serviceResult().isGood()) {
                throw new UaException(result.serviceResult(), "CreateMonitoredItems failed");
            }
            StatusCode operation = result.operationResult().orElse(StatusCode.GOOD);
            if (!operation.isGood()) {
                LOG.warn("OPC UA {}: cannot monitor {}: {}", name, result.monitoredItem().getReadValueId().getNodeId(),
                        operation);
            }
        }
        if (sessionActive) {
            status = Status.CONNECTED;
            lastProblem = null;
        }
    }

    /** Re-creates the subscription the server lost; retried with backoff while it fails. */
    private void recreateSubscription() {
        OpcUaSubscription sub;
        synchronized (lock) {
            sub = subscription;
        }
        if (stopped() || sub == null || sub.getSyncState() != OpcUaSubscription.SyncState.INITIAL) {
            return;
        }
        try {
            createOnServer(sub);
            retry = FIRST_RETRY;
            LOG.info("OPC UA {}: subscription re-created after the server lost it", name);
        } catch (Exception e) {
            lastProblem = "cannot re-create the subscription (" + rootMessage(e) + ")";
            LOG.warn("OPC UA {}: {}; retrying in {} s", name, lastProblem, retry.toSeconds());
            schedule(this::recreateSubscription);
        }
    }

    private void schedule(Runnable task) {
        synchronized (lock) {
            if (worker != null && !worker.isShutdown()) {
                worker.schedule(task, retry.toMillis(), TimeUnit.MILLISECONDS);
                Duration doubled = retry.multipliedBy(2);
                retry = doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
            }
        }
    }

    private void onWorker(Runnable task) {
        synchronized (lock) {
            if (worker != null && !worker.isShutdown()) {
                worker.execute(task);
            }
        }
    }

    private boolean stopped() {
        return status == Status.STOPPED;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private final class SessionListener implements SessionActivityListener {
        @Override
        public void onSessionActive(UaSession session) {
            sessionActive = true;
            if (stopped()) {
                return;
            }
            OpcUaSubscription sub;
            synchronized (lock) {
                sub = subscription;
            }
            if (sub != null && sub.getSyncState() != OpcUaSubscription.SyncState.INITIAL) {
                status = Status.CONNECTED;
                LOG.info("OPC UA {}: session active", name);
            } else if (sub != null) {
                onWorker(OpcUaMachineSource.this::recreateSubscription);
            }
        }

        @Override
        public void onSessionInactive(UaSession session) {
            sessionActive = false;
            if (!stopped()) {
                status = Status.RECONNECTING;
                LOG.warn("OPC UA {}: session inactive; Milo reconnects", name);
            }
        }
    }

    private final class DataListener implements OpcUaSubscription.SubscriptionListener {

        @Override
        public void onDataReceived(OpcUaSubscription sub, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            Map<MachineValues, List<Reading>> byMachine = new LinkedHashMap<>();
            int overflows = 0;
            for (int i = 0; i < items.size(); i++) {
                Optional<Object> ref = items.get(i).getUserObject();
                if (ref.isEmpty() || !(ref.get() instanceof ItemRef item)) {
                    continue;
                }
                DataValue value = values.get(i);
                StatusCode status = value.getStatusCode();
                if (status != null && status.isOverflowSet()) {
                    overflows++;
                }
                if (status != null && !status.isGood()) {
                    LOG.warn("OPC UA {}: {} of {} is {}", name, item.field(), item.machine().config.deviceId(), status);
                    continue;
                }
                byMachine.computeIfAbsent(item.machine(), m -> new ArrayList<>())
                        .add(new Reading(item.field(), value.getValue().getValue(), timestamp(value)));
            }
            if (overflows > 0) {
                long total = overflowed.addAndGet(overflows);
                LOG.warn("OPC UA {}: the server discarded values of {} monitored items (queue of {} full: publishes "
                        + "too late or too rare for the sampling); {} overflows since start", name, overflows,
                        config.queueSize(), total);
            }
            byMachine.forEach(this::emitInOrder);
        }

        /** One sample per distinct timestamp of {@code readings} (one machine's), oldest first. */
        private void emitInOrder(MachineValues machine, List<Reading> readings) {
            readings.sort(Comparator.comparing(Reading::ts)); // stable: one item's queued values keep their order
            int i = 0;
            while (i < readings.size()) {
                Instant ts = readings.get(i).ts();
                for (; i < readings.size() && readings.get(i).ts().equals(ts); i++) {
                    machine.set(readings.get(i).field(), readings.get(i).value());
                }
                emit(machine, ts);
            }
        }

        private void emit(MachineValues machine, Instant ts) {
            Optional<MachineSample> sample = machine.sample(ts);
            if (sample.isEmpty()) {
                return;
            }
            samples.incrementAndGet();
            try {
                listener.accept(sample.get());
            } catch (RuntimeException e) {
                LOG.warn("OPC UA {}: sample listener failed for {}", name, sample.get().topic(), e);
            }
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription sub) {
            long total = publishesLost.incrementAndGet();
            LOG.warn("OPC UA {}: a publish response was lost and the server could not republish it: its values are "
                    + "lost; {} lost since start", name, total);
        }

        @Override
        public void onTransferFailed(OpcUaSubscription sub, StatusCode status) {
            LOG.warn("OPC UA {}: subscription not transferred to the new session ({}); re-creating it", name, status);
            OpcUaMachineSource.this.status = stopped() ? Status.STOPPED : Status.RECONNECTING;
            onWorker(OpcUaMachineSource.this::recreateSubscription);
        }

        @Override
        public void onStatusChanged(OpcUaSubscription sub, StatusCode status) {
            if (status.getValue() == StatusCodes.Bad_Timeout) {
                LOG.warn("OPC UA {}: subscription timed out on the server; re-creating it", name);
                OpcUaMachineSource.this.status = stopped() ? Status.STOPPED : Status.RECONNECTING;
                onWorker(OpcUaMachineSource.this::recreateSubscription);
            }
        }
    }

    private static Instant timestamp(DataValue value) {
        DateTime source = value.getSourceTime();
        if (source != null && source.isValid()) {
            return source.getJavaInstant();
        }
        DateTime server = value.getServerTime();
        if (server != null && server.isValid()) {
            return server.getJavaInstant();
        }
        return Instant.now();
    }

    /** Maps a state variable's value: a state name, or the integer code 0 OFF, 1 RUN, 2 IDLE, 3 ALARM. */
    static Optional<String> state(Object raw) {
        if (raw instanceof String text) {
            String state = text.trim().toUpperCase(java.util.Locale.ROOT);
            return MachineSample.STATES.contains(state) ? Optional.of(state) : Optional.empty();
        }
        if (raw instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return switch ((int) number.longValue()) {
                case 0 -> Optional.of("OFF");
                case 1 -> Optional.of("RUN");
                case 2 -> Optional.of("IDLE");
                case 3 -> Optional.of("ALARM");
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** Which of a machine's three variables an item monitors. */
    enum Field {
        STATE, PART_COUNT, ENERGY;

        org.eclipse.milo.opcua.stack.core.types.builtin.NodeId nodeId(OpcUaMachineConfig machine) {
            return switch (this) {
                case STATE -> machine.state();
                case PART_COUNT -> machine.partCount();
                case ENERGY -> machine.energy();
            };
        }
    }

    private record ItemRef(MachineValues machine, Field field) {
    }

    /** One value a publish brought for one of a machine's variables, with its (source) timestamp. */
    private record Reading(Field field, Object value, Instant ts) {
    }

    /** Latest raw values of one machine; touched only on the subscription's delivery thread. */
    private final class MachineValues {
        private final OpcUaMachineConfig config;
        private Object state;
        private Object partCount;
        private Object energy;
        private MachineSample last;

        MachineValues(OpcUaMachineConfig config) {
            this.config = config;
        }

        void set(Field field, Object value) {
            switch (field) {
                case STATE -> state = value;
                case PART_COUNT -> partCount = value;
                case ENERGY -> energy = value;
            }
        }

        Optional<MachineSample> sample(Instant ts) {
            if (state == null || partCount == null || energy == null) {
                return Optional.empty();
            }
            Optional<String> mapped = state(state);
            if (mapped.isEmpty()) {
                LOG.warn("OPC UA {}: unknown state {} of {} ({}); sample skipped", name, state, config.deviceId(),
                        config.stateNodeId());
                return Optional.empty();
            }
            if (!(partCount instanceof Number parts) || !(energy instanceof Number kwh)) {
                LOG.warn("OPC UA {}: {} part count {} or energy {} is not a number; sample skipped", name,
                        config.deviceId(), partCount, energy);
                return Optional.empty();
            }
            if ((kwh instanceof Double || kwh instanceof Float) && !Double.isFinite(kwh.doubleValue())) {
                LOG.warn("OPC UA {}: energy {} of {} is not finite; sample skipped", name, kwh, config.deviceId());
                return Optional.empty();
            }
            BigDecimal energyKwh = kwh instanceof Double || kwh instanceof Float
                    ? BigDecimal.valueOf(kwh.doubleValue()) : new BigDecimal(kwh.toString());
            MachineSample sample = new MachineSample(config.uscc(), config.deviceId(), ts, mapped.get(),
                    parts.longValue(), energyKwh);
            if (last != null && last.state().equals(sample.state()) && last.partCount() == sample.partCount()
                    && last.energyKwh().compareTo(sample.energyKwh()) == 0) {
                return Optional.empty(); // nothing changed (e.g. the current values re-sent after re-subscribing)
            }
            if (last != null && ts.equals(last.ts())) {
                return Optional.empty(); // a late sibling of the last sample's change: its value goes with the next
            }
            last = sample;
            return Optional.of(sample);
        }
    }
}
