package cn.smedt.hub.demo;

import cn.smedt.simulators.devices.MachineKind;
import cn.smedt.simulators.devices.MachineSimulator;
import cn.smedt.simulators.partners.DemoEnterprises;
import cn.smedt.simulators.partners.GovernmentPlatformSimulator;
import cn.smedt.simulators.partners.MqttCredentials;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's factory floor: once pilot enterprises are registered, two simulated machines per enterprise (of the
 * kind its industry uses) for the first four pilots publish telemetry to the hub's MQTT acceptor on every tick, with
 * device credentials the simulated government platform has the hub issue for each enterprise.
 */
final class DemoFactories implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFactories.class);
    private static final int ENTERPRISES = 4;
    private static final int MACHINES_EACH = 2;

    private final String brokerUrl;
    private final GovernmentPlatformSimulator government;
    private final List<MachineSimulator> machines = new ArrayList<>();

    DemoFactories(String brokerUrl, GovernmentPlatformSimulator government) {
        this.brokerUrl = brokerUrl;
        this.government = government;
    }

    void tick() throws MqttException, IOException, InterruptedException {
        if (machines.isEmpty()) {
            List<DemoEnterprises.Enterprise> pilots = government.registered().stream()
                    .filter(DemoEnterprises.Enterprise::pilot).limit(ENTERPRISES).toList();
            if (pilots.size() < ENTERPRISES) {
                return;
            }
            for (DemoEnterprises.Enterprise enterprise : pilots) {
                MqttCredentials credentials = government.issueDeviceCredentials(enterprise.uscc());
                for (int i = 1; i <= MACHINES_EACH; i++) {
                    MachineKind kind = MachineKind.forIndustry(enterprise.industry());
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

    @Override
    public void close() {
        for (MachineSimulator machine : machines) {
            try {
                machine.close();
            } catch (MqttException e) {
                LOG.debug("closing a simulated machine: {}", e.toString());
            }
        }
    }
}
