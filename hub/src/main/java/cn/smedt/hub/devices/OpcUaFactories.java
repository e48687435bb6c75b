package cn.smedt.hub.devices;

import cn.smedt.hub.kernel.ConnectorHealth;
import cn.smedt.connectors.opcua.MachineSample;
import cn.smedt.connectors.opcua.OpcUaConfigException;
import cn.smedt.connectors.opcua.OpcUaFactoryConfig;
import cn.smedt.connectors.opcua.OpcUaMachineSource;
import cn.smedt.hub.packs.PackDefinitionException;
import cn.smedt.hub.packs.PackFileKind;
import cn.smedt.hub.packs.PackFilesChanged;
import cn.smedt.hub.packs.PackProperties;
import cn.smedt.hub.packs.PackYaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The OPC UA factories of the county packs: every {@code <province>/<city>/<county>/factories/*.yaml} (packaged under
 * {@code packs/} on the classpath, and in {@code hub.packs.dir}) describes one factory's OPC UA endpoint and machines
 * (docs/devices-opcua.md). At start-up each gets an {@link OpcUaMachineSource} whose samples enter the same telemetry
 * path as MQTT ({@value #QUEUE}, then route {@code ingestTelemetry}); a file that does not parse stops the start with
 * the file and the field path. Files in {@code hub.packs.dir} are followed while the node runs
 * ({@link #onPackFilesChanged}). A file is read as Jackson YAML ({@link PackYaml}) into the map that
 * {@link OpcUaFactoryConfig#fromMap} binds and validates.
 * Sources reconnect on their own; they close with the node.
 */
@Component
public class OpcUaFactories implements SmartLifecycle, ConnectorHealth {

    /** In-memory hand-over from Milo's delivery thread to the ingestion route (blocks when full: back-pressure). */
    static final String QUEUE = "seda:opcuaTelemetry?size=10000&blockWhenFull=true";
    static final String PATTERN = "classpath*:packs/**/factories/*.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaFactories.class);

    private final ProducerTemplate template;
    private final Path packsDirectory;
    private final Map<String, OpcUaMachineSource> sources = new LinkedHashMap<>();
    private volatile boolean running;

    OpcUaFactories(ProducerTemplate template, PackProperties packs) {
        this.template = template;
        this.packsDirectory = packs.directory();
    }

    @Override
    public synchronized void start() {
        for (Map.Entry<String, OpcUaFactoryConfig> factory : packFactories().entrySet()) {
            connect(factory.getKey(), factory.getValue());
        }
        running = true;
    }

    /**
     * Follows the factory files of {@code hub.packs.dir} ({@link PackFilesChanged}): a new or changed file
     * (re)connects its factory, a removed one disconnects it; a file that does not parse is logged and the factory
     * keeps running as it was.
     */
    @EventListener
    public synchronized void onPackFilesChanged(PackFilesChanged event) {
        if (!running) {
            return;
        }
        for (PackFilesChanged.Change change : event.of(PackFileKind.FACTORIES)) {
            Path file = change.file();
            if (change.type() == PackFilesChanged.Type.REMOVED) {
                OpcUaMachineSource source = sources.remove(file.toString());
                if (source != null) {
                    source.close();
                    LOG.info("OPC UA factory {} removed from the pack: disconnected", file);
                }
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                connect(file.toString(), parse(file.toString(), in));
            } catch (DeviceSetupException | IOException e) {
                LOG.warn("OPC UA factory file not applied, the factory keeps its earlier configuration: {}",
                        e.getMessage());
            }
        }
    }

    /** Starts monitoring one factory (from a pack file, or the demo's simulated factory); {@code origin} names it. */
    public synchronized void connect(String origin, OpcUaFactoryConfig config) {
        OpcUaMachineSource source = new OpcUaMachineSource(config, this::handOver);
        OpcUaMachineSource previous = sources.put(origin, source);
        if (previous != null) {
            previous.close();
        }
        source.start();
        LOG.info("OPC UA factory {}: {} machines at {} (sampling {})", origin, config.machines().size(),
                config.endpointUrl(), config.samplingInterval());
    }

    /** As {@link ConnectorHealth}: {@code opcua:<origin>}, working while its session and subscription are up. */
    @Override
    public synchronized Map<String, Boolean> connectors() {
        Map<String, Boolean> connectors = new LinkedHashMap<>();
        sources.forEach((origin, source) -> connectors.put("opcua:" + origin,
                source.status() == OpcUaMachineSource.Status.CONNECTED));
        return connectors;
    }

    /** Connection state of each factory, by origin. */
    public synchronized Map<String, OpcUaMachineSource.Status> status() {
        Map<String, OpcUaMachineSource.Status> status = new LinkedHashMap<>();
        sources.forEach((origin, source) -> status.put(origin, source.status()));
        return status;
    }

    private void handOver(MachineSample sample) {
        template.sendBodyAndHeader(QUEUE, sample.toTelemetryJson().getBytes(StandardCharsets.UTF_8),
                MqttTelemetrySubscriber.TOPIC_HEADER, sample.topic());
    }

    private Map<String, OpcUaFactoryConfig> packFactories() {
        Map<String, OpcUaFactoryConfig> factories = new LinkedHashMap<>();
        try {
            for (Resource file : new PathMatchingResourcePatternResolver(OpcUaFactories.class.getClassLoader())
                    .getResources(PATTERN)) {
                String location = file.getURL().toString();
                try (InputStream in = file.getInputStream()) {
                    factories.put(location.substring(location.indexOf("packs/")), parse(location, in));
                }
            }
            for (Path file : PackFileKind.FACTORIES.filesIn(packsDirectory)) {
                try (InputStream in = Files.newInputStream(file)) {
                    factories.put(file.toString(), parse(file.toString(), in));
                }
            }
        } catch (IOException e) {
            throw new DeviceSetupException("OPC UA factory files cannot be read: " + e.getMessage(), e);
        }
        return factories;
    }

    private static OpcUaFactoryConfig parse(String origin, InputStream in) {
        Map<?, ?> map;
        try {
            map = PackYaml.read(in, origin, Map.class).value();
        } catch (PackDefinitionException e) {
            throw new DeviceSetupException(e.field().isEmpty() && e.problem().startsWith("expected a YAML mapping")
                    ? origin + ": an OPC UA factory file holds one YAML map" : e.getMessage(), e);
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) map;
            return OpcUaFactoryConfig.fromMap(fields);
        } catch (OpcUaConfigException e) {
            throw new DeviceSetupException(origin + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        sources.values().forEach(OpcUaMachineSource::close);
        sources.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
