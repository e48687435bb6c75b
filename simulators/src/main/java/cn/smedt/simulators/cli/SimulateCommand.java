package cn.smedt.simulators.cli;

import cn.smedt.sdk.HubSdk;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import cn.smedt.simulators.devices.MachineKind;
import cn.smedt.simulators.devices.MachineSimulator;
import cn.smedt.simulators.devices.OpcUaFactorySimulator;
import cn.smedt.simulators.partners.AssessorAndPlatformSimulator;
import cn.smedt.simulators.partners.BankSimulator;
import cn.smedt.simulators.partners.DemoEnterprises;
import cn.smedt.simulators.partners.GovernmentPlatformSimulator;
import cn.smedt.simulators.partners.MqttCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One command that drives a hub like its real partners and factories: a government platform registering pilot
 * enterprises, a cooperating bank (loans, monthly interest), an assessment body and an industrial internet platform
 * (signed requests with the partners' private keys), simulated machines publishing MQTT telemetry with their
 * enterprises' device credentials, and a simulated OPC UA factory (Eclipse Milo server) whose connector YAML it
 * writes for the county pack.
 *
 * <pre>java -cp simulators.jar cn.smedt.simulators.cli.SimulateCommand --hub http://127.0.0.1:8080 \
 *     --mqtt tcp://127.0.0.1:1883 --keys data/demo-keys --enterprises 60 --machines 8 --interval 2s --ticks 100</pre>
 *
 * Keys are the demo partners' PEM files ({@code <id>-private.pem}, key id {@code <id>-key-1}); any partner whose
 * key file is absent is not simulated.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Drive a hub with simulated partners (signed HTTP) and machines (MQTT, OPC UA).")
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--hub", required = true, description = "hub base URL, e.g. http://127.0.0.1:8080")
    URI hub;

    @Option(names = "--mqtt", description = "hub MQTT acceptor, e.g. tcp://127.0.0.1:1883; none: no machines")
    String mqtt;

    @Option(names = "--keys", required = true, description = "directory of the partners' private keys (PEM)")
    Path keys;

    @Option(names = "--enterprises", defaultValue = "60", description = "simulated enterprises (default ${DEFAULT-VALUE})")
    int enterprises;

    @Option(names = "--machines", defaultValue = "8", description = "simulated machines (default ${DEFAULT-VALUE})")
    int machines;

    @Option(names = "--interval", defaultValue = "2s", description = "time between ticks, e.g. 500ms, 2s")
    String interval;

    @Option(names = "--ticks", defaultValue = "0", description = "ticks to run; 0: until stopped")
    long ticks;

    @Option(names = "--qos", defaultValue = "1", description = "MQTT QoS of the telemetry (0 or 1)")
    int qos;

    @Option(names = "--opcua-port", defaultValue = "0",
            description = "loopback port of a simulated OPC UA factory (Eclipse Milo server); 0: none")
    int opcuaPort;

    @Option(names = "--opcua-machines", defaultValue = "4", description = "machines of the OPC UA factory")
    int opcuaMachines;

    @Option(names = "--opcua-config", description = "write the factory's connector YAML here (e.g. into"
            + " <hub.packs.dir>/<province>/<city>/<county>/factories/sim.yaml); default: print it")
    Path opcuaConfig;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        GovernmentPlatformSimulator government = new GovernmentPlatformSimulator(client("demo-gov-zz"),
                DemoEnterprises.generate(enterprises, 2024L));
        HubSdk bankClient = optionalClient("demo-bank-zz");
        BankSimulator bank = bankClient == null ? null
                : new BankSimulator(bankClient, "demo-bank-zz", government::registered, 7L);
        HubSdk assessor = optionalClient("demo-assessor-zz");
        HubSdk platform = optionalClient("demo-platform-zz");
        AssessorAndPlatformSimulator assessment = assessor == null || platform == null ? null
                : new AssessorAndPlatformSimulator(assessor, platform, government::registered, 11L);
        List<MachineSimulator> floor = new ArrayList<>();
        OpcUaFactorySimulator opcuaFactory = null;
        Duration pause = parseInterval(interval);
        try {
            for (long tick = 1; ticks == 0 || tick <= ticks; tick++) {
                government.tick(2);
                if (bank != null) {
                    bank.tick();
                }
                if (assessment != null) {
                    assessment.tick();
                }
                if (mqtt != null && floor.isEmpty()) {
                    startMachines(government, floor);
                }
                if (opcuaPort > 0 && opcuaFactory == null) {
                    opcuaFactory = startOpcUaFactory(government.registered(), pause);
                }
                for (MachineSimulator machine : floor) {
                    machine.publish(Instant.now());
                }
                TimeUnit.MILLISECONDS.sleep(pause.toMillis());
            }
        } finally {
            if (opcuaFactory != null) {
                opcuaFactory.close();
            }
            for (MachineSimulator machine : floor) {
                machine.close();
            }
        }
        return 0;
    }

    private void startMachines(GovernmentPlatformSimulator government, List<MachineSimulator> floor)
            throws Exception {
        List<DemoEnterprises.Enterprise> pilots = government.registered().stream()
                .filter(DemoEnterprises.Enterprise::pilot).toList();
        if (pilots.isEmpty()) {
            return;
        }
        Map<String, MqttCredentials> credentials = new HashMap<>();
        for (int i = 0; i < machines; i++) {
            DemoEnterprises.Enterprise enterprise = pilots.get(i % pilots.size());
            MqttCredentials login = credentials.get(enterprise.uscc());
            if (login == null) {
                login = government.issueDeviceCredentials(enterprise.uscc());
                credentials.put(enterprise.uscc(), login);
            }
            MachineKind kind = MachineKind.forIndustry(enterprise.industry());
            floor.add(new MachineSimulator(mqtt, login, enterprise.uscc(), kind.name().toLowerCase()
                    .replace('_', '-') + "-" + (i + 1), kind, 1000L + i, qos));
        }
        System.out.println(machines + " machines publish telemetry to " + mqtt);
    }

    /** An OPC UA factory with the pilots' machines (round robin), once pilots are registered; null before. */
    private OpcUaFactorySimulator startOpcUaFactory(List<DemoEnterprises.Enterprise> registered, Duration pause)
            throws java.io.IOException {
        List<DemoEnterprises.Enterprise> pilots = registered.stream().filter(DemoEnterprises.Enterprise::pilot).toList();
        if (pilots.isEmpty()) {
            return null;
        }
        List<OpcUaFactorySimulator.PlacedMachine> placed = new ArrayList<>();
        for (int i = 0; i < opcuaMachines; i++) {
            DemoEnterprises.Enterprise owner = pilots.get(i % pilots.size());
            MachineKind kind = MachineKind.forIndustry(owner.industry());
            placed.add(new OpcUaFactorySimulator.PlacedMachine(owner.uscc(), "opcua-" + kind.name().toLowerCase()
                    .replace('_', '-') + "-" + (i + 1), kind, 5000L + i));
        }
        OpcUaFactorySimulator factory = new OpcUaFactorySimulator(opcuaPort, placed, pause);
        factory.start();
        if (opcuaConfig == null) {
            System.out.print(factory.connectorYaml());
        } else {
            java.nio.file.Files.createDirectories(opcuaConfig.toAbsolutePath().getParent());
            java.nio.file.Files.writeString(opcuaConfig, factory.connectorYaml());
        }
        System.out.println(opcuaMachines + " OPC UA machines on opc.tcp://127.0.0.1:" + opcuaPort
                + (opcuaConfig == null ? "" : "; connector configuration in " + opcuaConfig));
        return factory;
    }

    /** "500ms" or "2s". */
    Duration parseInterval(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new CommandLine.ParameterException(new CommandLine(this), "--interval is like 500ms or 2s, not " + text);
    }

    private HubSdk client(String partner) throws Exception {
        HubSdk client = optionalClient(partner);
        if (client == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "no key " + partner + "-private.pem in "
                    + keys);
        }
        return client;
    }

    /** The partner SDK signing with the partner's demo key; answers checked with the hub's /.well-known/hub-keys. */
    private HubSdk optionalClient(String partner) throws Exception {
        Path key = keys.resolve(partner + "-private.pem");
        if (!key.toFile().isFile()) {
            return null;
        }
        return HubSdk.builder().baseUri(hub).signer(Signers.create(SignatureAlgorithm.SM2_SM3,
                PemKeys.readPrivateKey(key), partner + "-key-1")).build();
    }
}
