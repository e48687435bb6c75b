package cn.smedt.connectors.opcua;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The OPC UA connection of one factory: one server endpoint, one subscription, the machines behind it. Built in code or
 * with {@link #fromMap(Map)} from the map a county pack's YAML parses to:
 * <pre>
 * endpointUrl: opc.tcp://10.20.0.5:4840/factory
 * securityPolicy: None          # or Basic256Sha256; default None
 * samplingInterval: 1s          # 500ms, 1s, 2m, ISO-8601 PT1S or a number of milliseconds; default 1s
 * machines:
 *   - uscc: 91330782MA2XXXXXX1
 *     deviceId: kiln-1
 *     stateNodeId: ns=2;s=kiln-1/State
 *     partCountNodeId: ns=2;s=kiln-1/PartCount
 *     energyNodeId: ns=2;s=kiln-1/EnergyKwh
 * </pre>
 *
 * @param endpointUrl      the server's endpoint, {@code opc.tcp://host:port[/path]}; its host and port are also used to
 *                         reach the endpoint the server advertises (servers often advertise a hostname the hub cannot
 *                         resolve)
 * @param securityPolicy   {@code None} or {@code Basic256Sha256} (exact spelling); anything else is rejected
 * @param samplingInterval how often the server samples each variable; also the subscription's publishing interval
 * @param machines         the machines, at least one; (uscc, deviceId) unique
 */
public record OpcUaFactoryConfig(String endpointUrl, String securityPolicy, Duration samplingInterval,
        List<OpcUaMachineConfig> machines) {

    /** Security policies the connector supports. */
    public static final List<String> SECURITY_POLICIES = List.of("None", "Basic256Sha256");
    static final Duration DEFAULT_SAMPLING = Duration.ofSeconds(1);

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
        if (machines == null || machines.isEmpty()) {
            throw new OpcUaConfigException("machines", "at least one machine is required");
        }
        machines = List.copyOf(machines);
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

    /**
     * Reads the configuration from a parsed YAML/JSON map (keys as in the class comment); an invalid or missing field
     * throws an {@link OpcUaConfigException} naming it, e.g. {@code machines[1].stateNodeId}.
     */
    public static OpcUaFactoryConfig fromMap(Map<String, ?> map) {
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
                duration(map.get("samplingInterval")), machines);
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
            throw new OpcUaConfigException("samplingInterval", "must be like 500ms, 1s, 2m, PT1S or milliseconds, "
                    + "was '" + value + "'");
        }
    }
}
