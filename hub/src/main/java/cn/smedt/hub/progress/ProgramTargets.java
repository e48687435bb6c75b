package cn.smedt.hub.progress;

import cn.smedt.hub.packs.PackFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The programme targets of the packs ({@code packs/**}{@code /targets.yaml} on the classpath, then those of
 * {@code hub.packs.dir}, followed while the node runs): per county the
 * transformed pilot enterprises to reach, per industry the transformed and on-cloud enterprises.
 */
@Component
public class ProgramTargets {

    /**
     * The targets of one jurisdiction.
     *
     * @param region              the pack's region
     * @param source              the document they come from
     * @param transformedMinLevel level an accepted enterprise must reach to count as transformed
     * @param counties            county region code to {name, target}
     * @param industries          industry id to {name, transformed, onCloud}
     */
    public record Targets(String region, String source, int transformedMinLevel, Map<String, Map<String, Object>> counties,
                          Map<String, Map<String, Object>> industries) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProgramTargets.class);

    private final Path directory;
    private final PackFiles files;
    private volatile List<Targets> all;

    ProgramTargets(@Value("${hub.packs.dir:}") String directory)
            throws IOException {
        this.directory = directory == null || directory.isBlank() ? null : Path.of(directory);
        this.files = PackFiles.named(this.directory, Set.of("targets.yaml"));
        this.all = load();
    }

    /** The packaged targets, then those of hub.packs.dir, which replace packaged ones of the same region. */
    private List<Targets> load() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        Map<String, Targets> byRegion = new LinkedHashMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver(ProgramTargets.class.getClassLoader())
                .getResources("classpath*:packs/**/targets.yaml")) {
            try (InputStream in = resource.getInputStream()) {
                Targets targets = read(yaml.readTree(in));
                byRegion.put(targets.region(), targets);
            }
        }
        for (Path file : files.files()) {
            try (InputStream in = Files.newInputStream(file)) {
                Targets targets = read(yaml.readTree(in));
                byRegion.put(targets.region(), targets);
            }
        }
        return List.copyOf(byRegion.values());
    }

    /**
     * Reloads when a targets.yaml under hub.packs.dir is added, changed or removed (every hub.packs.scan-interval);
     * a file that does not read keeps the running targets.
     */
    @Scheduled(fixedDelayString = "${hub.packs.scan-interval:PT5S}",
            initialDelayString = "${hub.packs.scan-interval:PT5S}")
    synchronized void scan() throws IOException {
        if (!files.changed()) {
            return;
        }
        try {
            all = load();
            LOG.info("programme targets reloaded from {}", directory);
        } catch (IOException | RuntimeException e) {
            files.reloadFailed();
            LOG.warn("targets in {} not reloaded, the running ones stay: {}", directory, e.getMessage());
        }
    }

    /** Reloads refused since start (a broken targets.yaml in the packs directory): for operators and tests. */
    public long failedReloads() {
        return files.failedReloads();
    }

    /** The targets of a region, if a pack defines them. */
    public Optional<Targets> of(String region) {
        return all.stream().filter(t -> t.region().equals(region)).findFirst();
    }

    private static Targets read(JsonNode root) {
        Map<String, Map<String, Object>> counties = new LinkedHashMap<>();
        for (JsonNode county : root.path("counties")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", county.path("name").asText());
            row.put("target", county.path("total").asInt());
            counties.put(county.path("region").asText(), row);
        }
        Map<String, Map<String, Object>> industries = new LinkedHashMap<>();
        for (JsonNode industry : root.path("industries")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", industry.path("name").asText());
            industries.put(industry.path("id").asText(), row);
        }
        for (JsonNode indicator : root.path("indicators")) {
            String key = switch (indicator.path("id").asText()) {
                case "transformed-enterprises" -> "transformedTarget";
                case "on-cloud" -> "onCloudTarget";
                default -> null;
            };
            if (key != null) {
                indicator.path("byIndustry").fields().forEachRemaining(e -> industries
                        .computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(key, e.getValue().asInt()));
            }
        }
        return new Targets(root.path("region").asText(), root.path("source").asText(),
                root.path("requirements").path("transformedMinLevel").asInt(2), counties, industries);
    }
}
