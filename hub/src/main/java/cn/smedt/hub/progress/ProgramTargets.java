package cn.smedt.hub.progress;

import cn.smedt.hub.packs.PackFileKind;
import cn.smedt.hub.packs.PackFilesChanged;
import cn.smedt.hub.packs.PackProperties;
import cn.smedt.hub.packs.PackYaml;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The programme targets of the packs ({@code packs/**}{@code /targets.yaml} on the classpath, then those of
 * {@code hub.packs.dir}, followed while the node runs through {@link PackFilesChanged}): per county the
 * transformed pilot enterprises to reach, per industry the transformed and on-cloud enterprises. A targets file is
 * bound ({@link PackYaml}) into {@link TargetsFile}; keys the dashboard does not use (horizons, other indicators'
 * units and totals) are allowed.
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

    /**
     * A {@code targets.yaml} as written (shared/DOMAIN.md "Targets"); only what the dashboard uses is bound.
     *
     * @param region       the pack's region
     * @param source       the document the targets come from
     * @param requirements the programme's requirements; absent: level 2 counts as transformed
     * @param industries   the industries, {@code [{id, name}]} (a city may group them under keys instead, which
     *                     then name no industry)
     * @param indicators   the indicators; those with id {@code transformed-enterprises} and {@code on-cloud} give
     *                     the per-industry targets
     * @param counties     the counties' transformed pilot enterprises to reach
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TargetsFile(String region, String source, Requirements requirements, JsonNode industries,
                       List<Indicator> indicators, List<County> counties) {
    }

    /** @param transformedMinLevel level an accepted enterprise must reach to count as transformed */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Requirements(Integer transformedMinLevel) {
    }

    /**
     * @param id         the indicator
     * @param byIndustry industry id to its target
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Indicator(String id, Map<String, JsonNode> byIndustry) {
    }

    /**
     * @param region the county's region code
     * @param name   its name
     * @param total  transformed pilot enterprises to reach
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record County(String region, String name, Integer total) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProgramTargets.class);

    private final Path directory;
    private final AtomicLong failedReloads = new AtomicLong();
    private volatile List<Targets> all;

    ProgramTargets(PackProperties properties) throws IOException {
        this.directory = properties.directory();
        this.all = load();
    }

    /** The packaged targets, then those of hub.packs.dir, which replace packaged ones of the same region. */
    private List<Targets> load() throws IOException {
        Map<String, Targets> byRegion = new LinkedHashMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver(ProgramTargets.class.getClassLoader())
                .getResources("classpath*:packs/**/targets.yaml")) {
            try (InputStream in = resource.getInputStream()) {
                Targets targets = read(PackYaml.read(in, resource.getDescription(), TargetsFile.class).value());
                byRegion.put(targets.region(), targets);
            }
        }
        for (Path file : PackFileKind.TARGETS.filesIn(directory)) {
            try (InputStream in = Files.newInputStream(file)) {
                Targets targets = read(PackYaml.read(in, file.toString(), TargetsFile.class).value());
                byRegion.put(targets.region(), targets);
            }
        }
        return List.copyOf(byRegion.values());
    }

    /**
     * Reloads when a targets.yaml under hub.packs.dir is added, changed or removed; a file that does not read keeps
     * the running targets.
     */
    @EventListener
    public synchronized void onPackFilesChanged(PackFilesChanged event) {
        if (!event.concerns(PackFileKind.TARGETS)) {
            return;
        }
        try {
            all = load();
            LOG.info("programme targets reloaded from {}", directory);
        } catch (IOException | RuntimeException e) {
            failedReloads.incrementAndGet();
            LOG.warn("targets in {} not reloaded, the running ones stay: {}", directory, e.getMessage());
        }
    }

    /** Reloads refused since start (a broken targets.yaml in the packs directory): for operators and tests. */
    public long failedReloads() {
        return failedReloads.get();
    }

    /** The targets of a region, if a pack defines them. */
    public Optional<Targets> of(String region) {
        return all.stream().filter(t -> t.region().equals(region)).findFirst();
    }

    private static Targets read(TargetsFile file) {
        Map<String, Map<String, Object>> counties = new LinkedHashMap<>();
        for (County county : file.counties() == null ? List.<County>of() : file.counties()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", text(county.name()));
            row.put("target", county.total() == null ? 0 : county.total());
            counties.put(text(county.region()), row);
        }
        Map<String, Map<String, Object>> industries = new LinkedHashMap<>();
        if (file.industries() != null) {
            for (JsonNode industry : file.industries()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", industry.path("name").asText());
                industries.put(industry.path("id").asText(), row);
            }
        }
        for (Indicator indicator : file.indicators() == null ? List.<Indicator>of() : file.indicators()) {
            String key = switch (text(indicator.id())) {
                case "transformed-enterprises" -> "transformedTarget";
                case "on-cloud" -> "onCloudTarget";
                default -> null;
            };
            if (key != null && indicator.byIndustry() != null) {
                indicator.byIndustry().forEach((industry, target) -> industries
                        .computeIfAbsent(industry, k -> new LinkedHashMap<>()).put(key, target.asInt()));
            }
        }
        Integer minLevel = file.requirements() == null ? null : file.requirements().transformedMinLevel();
        return new Targets(text(file.region()), text(file.source()), minLevel == null ? 2 : minLevel, counties,
                industries);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
