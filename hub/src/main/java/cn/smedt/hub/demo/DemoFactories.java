package cn.smedt.hub.demo;

import cn.smedt.connectors.opcua.OpcUaFactoryConfig;
import cn.smedt.hub.devices.OpcUaFactories;
import cn.smedt.simulators.devices.MachineKind;
import cn.smedt.simulators.devices.OpcUaFactorySimulator;
import cn.smedt.simulators.devices.MachineSimulator;
import cn.smedt.simulators.partners.DemoEnterprises;
import cn.smedt.simulators.partners.GovernmentPlatformSimulator;
import cn.smedt.simulators.partners.MqttCredentials;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's factory floor: once pilot enterprises are registered, two simulated machines per enterprise (of the
 * kind its industry uses) for the first four pilots publish telemetry to the hub's MQTT acceptor on every tick, with
 * device credentials the simulated government platform has the hub issue for each enterprise; the next two pilots'
 * machines (two each) speak OPC UA from a simulated factory (Eclipse Milo server on loopback) that the hub monitors.
 */
final class DemoFactories implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFactories.class);
    private static final int ENTERPRISES = 4;
    private static final int MACHINES_EACH = 2;

    private static final int OPCUA_ENTERPRISES = 2;

    private final String brokerUrl;
    private final GovernmentPlatformSimulator government;
    private final OpcUaFactories hubFactories;
    private final int opcuaPort;
    private final List<MachineSimulator> machines = new ArrayList<>();
    private OpcUaFactorySimulator opcuaFactory;

    /**
     * @param brokerUrl   the hub's MQTT acceptor (blank: no MQTT machines)
     * @param government  the simulated government platform (registered enterprises, device credentials)
     * @param hubFactories the hub's OPC UA factories, told to monitor the simulated OPC UA factory
     * @param opcuaPort   loopback port of the simulated OPC UA factory (0: none)
     */
    DemoFactories(String brokerUrl, GovernmentPlatformSimulator government, OpcUaFactories hubFactories,
                  int opcuaPort) {
        this.brokerUrl = brokerUrl;
        this.government = government;
        this.hubFactories = hubFactories;
        this.opcuaPort = opcuaPort;
    }

    void tick() throws MqttException, IOException, InterruptedException {
        if (machines.isEmpty()) {
            List<DemoEnterprises.Enterprise> pilots = government.registered().stream()
                    .filter(DemoEnterprises.Enterprise::pilot).limit(ENTERPRISES + OPCUA_ENTERPRISES).toList();
            if (pilots.size() < ENTERPRISES + OPCUA_ENTERPRISES) {
                return;
            }
            startOpcUaFactory(pilots.subList(ENTERPRISES, ENTERPRISES + OPCUA_ENTERPRISES));
            for (DemoEnterprises.Enterprise enterprise : pilots.subList(0, brokerUrl.isBlank() ? 0 : ENTERPRISES)) {
                MqttCredentials credentials = government.issueDeviceCredentials(enterprise.uscc());
                MachineKind kind = MachineKind.forIndustry(enterprise.industry());
                Map<String, String> declared = new LinkedHashMap<>();
                for (int i = 1; i <= MACHINES_EACH + 1; i++) {
                    declared.put(kind + "-" + i, kind.name());
                }
                // one more machine is declared than publishes (under repair): the online rate shows it
                government.registerDevices(enterprise.uscc(), declared);
                for (int i = 1; i <= MACHINES_EACH; i++) {
                    machines.add(new MachineSimulator(brokerUrl, credentials, enterprise.uscc(), kind + "-" + i, kind,
                            enterprise.uscc().hashCode() + i, 1));
                }
            }
            LOG.info("demo: {} simulated machines publish telemetry to {}", machines.size(), brokerUrl);
        }
        Instant now = Instant.now();
        for (MachineSimulator machine : machines) {
            machine.publish(now);
        }
    }

    /** A simulated OPC UA factory with two machines of each enterprise, monitored by the hub like a pack's factory. */
    private void startOpcUaFactory(List<DemoEnterprises.Enterprise> owners) {
        if (opcuaPort == 0 || hubFactories == null) {
            return;
        }
        List<OpcUaFactorySimulator.PlacedMachine> placed = new ArrayList<>();
        for (DemoEnterprises.Enterprise owner : owners) {
            MachineKind kind = MachineKind.forIndustry(owner.industry());
            for (int i = 1; i <= MACHINES_EACH; i++) {
                placed.add(new OpcUaFactorySimulator.PlacedMachine(owner.uscc(), "opcua-" + kind + "-" + i
                        + "-" + owner.uscc().substring(12), kind, owner.uscc().hashCode() + 100L + i));
            }
        }
        opcuaFactory = new OpcUaFactorySimulator(opcuaPort, placed, Duration.ofSeconds(2));
        opcuaFactory.start();
        hubFactories.connect("demo:simulated-opcua-factory", OpcUaFactoryConfig.fromMap(opcuaFactory.connectorConfig()));
        LOG.info("demo: {} simulated OPC UA machines on opc.tcp://127.0.0.1:{}", placed.size(), opcuaPort);
    }

    @Override
    public void close() {
        if (opcuaFactory != null) {
            opcuaFactory.close();
        }
        for (MachineSimulator machine : machines) {
            try {
                machine.close();
            } catch (MqttException e) {
                LOG.debug("closing a simulated machine: {}", e.toString());
            }
        }
    }
}
