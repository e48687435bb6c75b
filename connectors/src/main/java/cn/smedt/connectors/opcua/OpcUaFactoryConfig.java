package cn.smedt.connectors.opcua;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OPC UA connection of one factory: one server endpoint, one subscription, the machines behind it. Built in code or
 * with {@link #fromMap(Map)} from the map a county pack's YAML parses to:
 * <pre>
 * endpointUrl: opc.tcp://10.20.0.5:4840/factory
 * securityPolicy: None          # or Basic256Sha256; default None
 * samplingInterval: 1s          # 500ms, 1s, 2m, ISO-8601 PT1S or a number of milliseconds; default 1s
 * publishingInterval: 1s        # same forms; default the samplingInterval
 * machines:
 *   - uscc: 91330782MA2XXXXXX1
 *     deviceId: kiln-1
 *     stateNodeId: ns=2;s=kiln-1/State
 *     partCountNodeId: ns=2;s=kiln-1/PartCount
 *     energyNodeId: ns=2;s=kiln-1/EnergyKwh
 * </pre>
 * With {@code securityPolicy: Basic256Sha256} the client authenticates with a certificate and trusts only the listed
 * server certificates:
 * <pre>
 * securityPolicy: Basic256Sha256
 * messageSecurityMode: SignAndEncrypt                     # or Sign; default SignAndEncrypt
 * keyStore: /etc/smedt/opcua/hub-client.p12               # PKCS#12: the client's private key and certificate
 * keyStorePassword: ${SMEDT_OPCUA_KEYSTORE_PASSWORD}      # ${NAME} is read from the environment variable NAME
 * keyAlias: client                                        # default client
 * trustedServerCertificates: /etc/smedt/opcua/trusted     # directory of the trusted servers' certificates
 * </pre>
 *
 * @param endpointUrl      the server's endpoint, {@code opc.tcp://host:port[/path]}; its host and port are also used to
 *                         reach the endpoint the server advertises (servers often advertise a hostname the hub cannot
 *                         resolve)
 * @param securityPolicy   {@code None} or {@code Basic256Sha256} (exact spelling); anything else is rejected
 * @param samplingInterval the sampling interval requested for each monitored item: how often the server reads the
 *                         variable. A value that changes more often than the server samples it loses changes (the
 *                         server sees only one value per sampling), and one that changes exactly as often loses one
 *                         whenever the server's sampling timer drifts or jitters past a change (docs/devices-opcua.md):
 *                         to receive every change of a value updated every T, ask for less than T (e.g. T/2)
 * @param machines         the machines, at least one; (uscc, deviceId) unique
 * @param messageSecurityMode {@code Sign} or {@code SignAndEncrypt} (default) with Basic256Sha256; always
 *                         {@code None} with security policy None (where any other value is rejected)
 * @param keyStore         PKCS#12 file holding the client's RSA private key and its certificate (chain); required with
 *                         Basic256Sha256, rejected with None. The certificate's subject alternative name URI becomes
 *                         the client's application URI (the server checks that they match); a certificate without one
 *                         gets {@link OpcUaMachineSource#DEFAULT_APPLICATION_URI}
 * @param keyStorePassword password of the key store and of its key entry; {@code null} for none. In YAML write
 *                         {@code ${NAME}}: {@link #fromMap(Map)} reads it from environment variable NAME, so no
 *                         password is written in a pack. Never printed by {@link #toString()}
 * @param keyAlias         alias of the key entry in the key store; default {@value #DEFAULT_KEY_ALIAS}
 * @param trustedServerCertificates directory of the certificates (DER or PEM, one or more per file) of the servers the
 *                         client trusts; required with Basic256Sha256. A server whose certificate (or an issuer of it)
 *                         is not there is refused. Read again on every connection attempt, so a certificate added
 *                         later is used at the next attempt
 * @param publishingInterval the subscription's publishing interval: how often the server sends what it sampled; default
 *                         {@code samplingInterval}. Each monitored item's queue holds
 *                         {@link #queueSize()} values, so sampling faster than publishing loses nothing
 */
public record OpcUaFactoryConfig(String endpointUrl, String securityPolicy, Duration samplingInterval,
        List<OpcUaMachineConfig> machines, String messageSecurityMode, Path keyStore, String keyStorePassword,
        String keyAlias, Path trustedServerCertificates, Duration publishingInterval) {

    /** Security policies the connector supports. */
    public static final List<String> SECURITY_POLICIES = List.of("None", "Basic256Sha256");
    /** Message security modes the connector supports with a security policy other than None. */
    public static final List<String> SECURE_MODES = List.of("Sign", "SignAndEncrypt");
    /** Default {@code keyAlias}. */
    public static final String DEFAULT_KEY_ALIAS = "client";
    static final Duration DEFAULT_SAMPLING = Duration.ofSeconds(1);
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** A configuration with security policy None or no client certificate (the fields of the first version). */
    public OpcUaFactoryConfig(String endpointUrl, String securityPolicy, Duration samplingInterval,
            List<OpcUaMachineConfig> machines) {
        this(endpointUrl, securityPolicy, samplingInterval, machines, null, null, null, null, null, null);
    }

    /** Security policy None, no client certificate, publishing interval and sampling interval set apart. */
    public OpcUaFactoryConfig(String endpointUrl, String securityPolicy, Duration samplingInterval,
            Duration publishingInterval, List<OpcUaMachineConfig> machines) {
        this(endpointUrl, securityPolicy, samplingInterval, machines, null, null, null, null, null,
                publishingInterval);
    }

    public OpcUaFactoryConfig {
        if (endpointUrl == null || !endpointUrl.startsWith("opc.tcp://") || endpointUrl.length() <= 10) {
            throw new OpcUaConfigException("endpointUrl", "must be an opc.tcp://host:port[/path] URL, was "
                    + (endpointUrl == null ? "missing" : "'" + endpointUrl + "'"));
        }
        if (securityPolicy == null) {
            securityPolicy = "None";
        }
        if (!SECURITY_POLICIES.contains(securityPolicy)) {
            throw new OpcUaConfigException("securityPolicy", "must be one of " + SECURITY_POLICIES + ", was '"
                    + securityPolicy + "'");
        }
        if (samplingInterval == null) {
            samplingInterval = DEFAULT_SAMPLING;
        }
        if (samplingInterval.isNegative() || samplingInterval.isZero()) {
            throw new OpcUaConfigException("samplingInterval", "must be positive, was " + samplingInterval);
        }
        if (publishingInterval == null) {
            publishingInterval = samplingInterval;
        }
        if (publishingInterval.isNegative() || publishingInterval.isZero()) {
            throw new OpcUaConfigException("publishingInterval", "must be positive, was " + publishingInterval);
        }
        if (machines == null || machines.isEmpty()) {
            throw new OpcUaConfigException("machines", "at least one machine is required");
        }
        machines = List.copyOf(machines);
        if ("None".equals(securityPolicy)) {
            if (messageSecurityMode != null && !"None".equals(messageSecurityMode)) {
                throw new OpcUaConfigException("messageSecurityMode", "must be None (or left out) with securityPolicy "
                        + "None, was '" + messageSecurityMode + "'");
            }
            messageSecurityMode = "None";
            onlyWithSecurity("keyStore", keyStore);
            onlyWithSecurity("keyStorePassword", keyStorePassword);
            onlyWithSecurity("keyAlias", keyAlias);
            onlyWithSecurity("trustedServerCertificates", trustedServerCertificates);
        } else {
            if (messageSecurityMode == null) {
                messageSecurityMode = "SignAndEncrypt";
            }
            if (!SECURE_MODES.contains(messageSecurityMode)) {
                throw new OpcUaConfigException("messageSecurityMode", "must be one of " + SECURE_MODES + " with "
                        + "securityPolicy " + securityPolicy + ", was '" + messageSecurityMode + "'");
            }
            if (keyStore == null) {
                throw new OpcUaConfigException("keyStore", "is required with securityPolicy " + securityPolicy
                        + " (PKCS#12 file with the client's private key and certificate)");
            }
            if (keyAlias == null || keyAlias.isBlank()) {
                keyAlias = DEFAULT_KEY_ALIAS;
            }
            if (trustedServerCertificates == null) {
                throw new OpcUaConfigException("trustedServerCertificates", "is required with securityPolicy "
                        + securityPolicy + " (directory of the trusted servers' certificates)");
            }
            if (!Files.isDirectory(trustedServerCertificates)) {
                throw new OpcUaConfigException("trustedServerCertificates", "is not a directory: "
                        + trustedServerCertificates.toAbsolutePath());
            }
            ClientCredentials.load(keyStore, keyStorePassword, keyAlias); // names keyStore, keyStorePassword, keyAlias
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < machines.size(); i++) {
            OpcUaMachineConfig machine = machines.get(i);
            if (machine == null) {
                throw new OpcUaConfigException("machines[" + i + "]", "is empty");
            }
            machine.validate("machines[" + i + "]");
            if (!seen.add(machine.uscc() + "/" + machine.deviceId())) {
                throw new OpcUaConfigException("machines[" + i + "].deviceId", "duplicate device "
                        + machine.deviceId() + " of " + machine.uscc());
            }
        }
    }

    private static void onlyWithSecurity(String field, Object value) {
        if (value != null) {
            throw new OpcUaConfigException(field, "is only used with securityPolicy Basic256Sha256; securityPolicy is "
                    + "None (set securityPolicy, or remove " + field + ")");
        }
    }

    /**
     * Values each monitored item's queue on the server holds between two publishes: the samplings of one publishing
     * interval ({@code ceil(publishingInterval / samplingInterval)}) plus 2, so a publish up to two samplings late
     * still loses nothing. When the queue is full anyway the server drops the oldest value and sets the overflow bit
     * on a value it keeps (Milo: the newest), which the connector counts
     * ({@link OpcUaMachineSource#valuesOverflowed()}) and logs.
     */
    public int queueSize() {
        long sampling = Math.max(1, samplingInterval.toMillis());
        long perPublish = (publishingInterval.toMillis() + sampling - 1) / sampling;
        return (int) Math.min(1000, perPublish + 2);
    }

    /** The client's key pair and certificate chain (Basic256Sha256); read from the key store on each call. */
    ClientCredentials clientCredentials() {
        return ClientCredentials.load(keyStore, keyStorePassword, keyAlias);
    }

    /** Like the record's, with the key store password masked. */
    @Override
    public String toString() {
        return "OpcUaFactoryConfig[endpointUrl=" + endpointUrl + ", securityPolicy=" + securityPolicy
                + ", samplingInterval=" + samplingInterval + ", publishingInterval=" + publishingInterval
                + ", machines=" + machines + ", messageSecurityMode="
                + messageSecurityMode + ", keyStore=" + keyStore + ", keyStorePassword="
                + (keyStorePassword == null ? "null" : "******") + ", keyAlias=" + keyAlias
                + ", trustedServerCertificates=" + trustedServerCertificates + "]";
    }

    /**
     * Reads the configuration from a parsed YAML/JSON map (keys as in the class comment); an invalid or missing field
     * throws an {@link OpcUaConfigException} naming it, e.g. {@code machines[1].stateNodeId}. A
     * {@code keyStorePassword} of the form {@code ${NAME}} is read from environment variable NAME (unset: an
     * {@code OpcUaConfigException} for {@code keyStorePassword}).
     */
    public static OpcUaFactoryConfig fromMap(Map<String, ?> map) {
        return fromMap(map, System::getenv);
    }

    /** {@link #fromMap(Map)} with {@code environment} resolving {@code ${NAME}} placeholders (for tests). */
    static OpcUaFactoryConfig fromMap(Map<String, ?> map, UnaryOperator<String> environment) {
        if (map == null) {
            throw new OpcUaConfigException("(root)", "the OPC UA configuration is empty");
        }
        Object list = map.get("machines");
        if (list != null && !(list instanceof List<?>)) {
            throw new OpcUaConfigException("machines", "must be a list");
        }
        List<OpcUaMachineConfig> machines = new ArrayList<>();
        if (list != null) {
            List<?> items = (List<?>) list;
            for (int i = 0; i < items.size(); i++) {
                String path = "machines[" + i + "]";
                if (!(items.get(i) instanceof Map<?, ?> machine)) {
                    throw new OpcUaConfigException(path, "must be a map with uscc, deviceId, stateNodeId, "
                            + "partCountNodeId, energyNodeId");
                }
                machines.add(new OpcUaMachineConfig(string(machine, "uscc", path), string(machine, "deviceId", path),
                        string(machine, "stateNodeId", path), string(machine, "partCountNodeId", path),
                        string(machine, "energyNodeId", path)));
            }
        }
        return new OpcUaFactoryConfig(string(map, "endpointUrl", null), string(map, "securityPolicy", null),
                duration("samplingInterval", map.get("samplingInterval")), machines,
                string(map, "messageSecurityMode", null),
                path(map, "keyStore"), secret(string(map, "keyStorePassword", null), environment),
                string(map, "keyAlias", null), path(map, "trustedServerCertificates"),
                duration("publishingInterval", map.get("publishingInterval")));
    }

    private static Path path(Map<?, ?> map, String key) {
        String value = string(map, key, null);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new OpcUaConfigException(key, "must be a path, was blank");
        }
        try {
            return Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw new OpcUaConfigException(key, "is not a path: " + e.getMessage());
        }
    }

    /** {@code ${NAME}} (the whole value) is replaced by environment variable NAME; other values are kept. */
    private static String secret(String value, UnaryOperator<String> environment) {
        if (value == null) {
            return null;
        }
        Matcher placeholder = ENV_PLACEHOLDER.matcher(value.trim());
        if (!placeholder.matches()) {
            return value;
        }
        String resolved = environment.apply(placeholder.group(1));
        if (resolved == null) {
            throw new OpcUaConfigException("keyStorePassword", "environment variable " + placeholder.group(1)
                    + " is not set");
        }
        return resolved;
    }

    private static String string(Map<?, ?> map, String key, String prefix) {
        Object value = map.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new OpcUaConfigException(prefix == null ? key : prefix + "." + key, "must be a string, was " + value);
    }

    static Duration duration(Object value) {
        return duration("samplingInterval", value);
    }

    /** {@code value} as a duration (see the class comment for the forms); {@code field} names it in the error. */
    static Duration duration(String field, Object value) {
        if (value == null || value instanceof Duration) {
            return (Duration) value;
        }
        if (value instanceof Number number) {
            return Duration.ofMillis(number.longValue());
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1).trim())
                        * 1000));
            }
            if (text.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1).trim()) * 60);
            }
            return Duration.ofMillis(Long.parseLong(text));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new OpcUaConfigException(field, "must be like 500ms, 1s, 2m, PT1S or milliseconds, "
                    + "was '" + value + "'");
        }
    }
}
