package cn.smedt.hub.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The programme targets of the packs ({@code packs/**}{@code /targets.yaml} on the classpath): per county the
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

    private final List<Targets> all = new ArrayList<>();

    ProgramTargets() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        for (Resource resource : new PathMatchingResourcePatternResolver(ProgramTargets.class.getClassLoader())
                .getResources("classpath*:packs/**/targets.yaml")) {
            try (InputStream in = resource.getInputStream()) {
                all.add(read(yaml.readTree(in)));
            }
        }
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
