package cn.smedt.connectors.opcua;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * One machine of a factory and the three OPC UA variables the connector monitors for it. Node ids are in the standard
 * string form, e.g. {@code ns=2;s=kiln-1/State} or {@code ns=3;i=1042}.
 *
 * @param uscc            unified social credit code of the enterprise owning the machine (telemetry topic segment)
 * @param deviceId        the machine's device id in the hub (telemetry topic segment); no {@code / + #}
 * @param stateNodeId     variable holding the state: String RUN|IDLE|ALARM|OFF, or an integer code
 *                        0 OFF, 1 RUN, 2 IDLE, 3 ALARM
 * @param partCountNodeId variable holding the cumulative part counter (any integer type, e.g. Int64, UInt32)
 * @param energyNodeId    variable holding the cumulative energy meter in kWh (Double, Float or an integer type)
 */
public record OpcUaMachineConfig(String uscc, String deviceId, String stateNodeId, String partCountNodeId,
        String energyNodeId) {

    /** Validates every field; the exception names the field as {@code <prefix>.<field>}. */
    void validate(String prefix) {
        segment(prefix + ".uscc", uscc);
        segment(prefix + ".deviceId", deviceId);
        nodeId(prefix + ".stateNodeId", stateNodeId);
        nodeId(prefix + ".partCountNodeId", partCountNodeId);
        nodeId(prefix + ".energyNodeId", energyNodeId);
    }

    NodeId state() {
        return NodeId.parse(stateNodeId);
    }

    NodeId partCount() {
        return NodeId.parse(partCountNodeId);
    }

    NodeId energy() {
        return NodeId.parse(energyNodeId);
    }

    private static void segment(String path, String value) {
        if (value == null || value.isBlank()) {
            throw new OpcUaConfigException(path, "is required");
        }
        if (value.chars().anyMatch(c -> c == '/' || c == '+' || c == '#' || Character.isWhitespace(c))) {
            throw new OpcUaConfigException(path, "must not contain '/', '+', '#' or spaces (it is an MQTT topic "
                    + "segment), was '" + value + "'");
        }
    }

    private static void nodeId(String path, String value) {
        if (value == null || value.isBlank()) {
            throw new OpcUaConfigException(path, "is required");
        }
        if (NodeId.parseSafe(value).isEmpty()) {
            throw new OpcUaConfigException(path, "is not an OPC UA node id like 'ns=2;s=kiln-1/State', was '"
                    + value + "'");
        }
    }
}
