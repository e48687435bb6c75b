package cn.smedt.simulators.devices;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated factory whose machines speak OPC UA: an {@link OpcUaMachineServer} advancing its machines every
 * {@code interval}, plus the connector configuration a county integrator would put in the pack
 * ({@code <pack>/factories/<name>.yaml}, docs/devices-opcua.md) to have the hub monitor it.
 */
public final class OpcUaFactorySimulator implements AutoCloseable {

    /**
     * One machine on the factory floor.
     *
     * @param uscc     the enterprise that owns it
     * @param deviceId its device id at the hub (unique in the factory)
     * @param kind     what it is
     * @param seed     seed of its behaviour
     */
    public record PlacedMachine(String uscc, String deviceId, MachineKind kind, long seed) {
    }

    private final OpcUaMachineServer server;
    private final List<PlacedMachine> machines;

    public OpcUaFactorySimulator(int port, List<PlacedMachine> machines, Duration interval) {
        this.machines = List.copyOf(machines);
        this.server = new OpcUaMachineServer(port, machines.stream()
                .map(m -> new OpcUaMachineServer.Machine(m.deviceId(), m.kind(), m.seed())).toList(), interval);
    }

    public void start() {
        server.start();
    }

    /** The connector configuration as the map its YAML parses to (OpcUaFactoryConfig.fromMap). */
    public Map<String, Object> connectorConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("endpointUrl", server.endpointUrl());
        config.put("securityPolicy", "None");
        config.put("samplingInterval", "1s");
        List<Map<String, Object>> list = new ArrayList<>();
        for (PlacedMachine machine : machines) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("uscc", machine.uscc());
            entry.put("deviceId", machine.deviceId());
            entry.put("stateNodeId", OpcUaMachineServer.stateNodeId(machine.deviceId()));
            entry.put("partCountNodeId", OpcUaMachineServer.partCountNodeId(machine.deviceId()));
            entry.put("energyNodeId", OpcUaMachineServer.energyNodeId(machine.deviceId()));
            list.add(entry);
        }
        config.put("machines", list);
        return config;
    }

    /** The same configuration as the YAML file for a county pack's {@code factories/} folder. */
    public String connectorYaml() {
        StringBuilder yaml = new StringBuilder("# OPC UA factory simulated by bin/simulate (docs/devices-opcua.md)\n")
                .append("endpointUrl: ").append(server.endpointUrl())
                .append("\nsecurityPolicy: None\nsamplingInterval: 1s\nmachines:\n");
        for (PlacedMachine machine : machines) {
            String id = machine.deviceId();
            yaml.append("  - uscc: ").append(machine.uscc()).append("\n    deviceId: ").append(id)
                    .append("\n    stateNodeId: \"").append(OpcUaMachineServer.stateNodeId(id))
                    .append("\"\n    partCountNodeId: \"").append(OpcUaMachineServer.partCountNodeId(id))
                    .append("\"\n    energyNodeId: \"").append(OpcUaMachineServer.energyNodeId(id)).append("\"\n");
        }
        return yaml.toString();
    }

    @Override
    public void close() {
        server.stop();
    }
}
