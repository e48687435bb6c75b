package cn.smedt.connectors.opcua;

/**
 * An OPC UA factory configuration is invalid; {@link #fieldPath()} names the offending field as written in the
 * county pack's YAML, e.g. {@code machines[1].stateNodeId}.
 */
public class OpcUaConfigException extends IllegalArgumentException {

    private final String fieldPath;

    public OpcUaConfigException(String fieldPath, String problem) {
        super(fieldPath + ": " + problem);
        this.fieldPath = fieldPath;
    }

    /** Path of the bad field: {@code endpointUrl}, {@code securityPolicy}, {@code machines[1].stateNodeId}, ... */
    public String fieldPath() {
        return fieldPath;
    }
}
