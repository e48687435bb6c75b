package cn.smedt.hub.regions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import cn.smedt.hub.policy.RegionAncestry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The region codes the hub accepts and how they nest (reference/regions.yaml). */
@Component
public class RegionDirectory implements RegionAncestry {

    private static final String RESOURCE = "/reference/regions.yaml";

    private final Map<String, Region> byCode = new LinkedHashMap<>();

    public RegionDirectory() {
        try (InputStream in = RegionDirectory.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new RegionDataException("missing " + RESOURCE, null);
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            for (JsonNode node : root.path("regions")) {
                add(node);
            }
        } catch (IOException e) {
            throw new RegionDataException("cannot read " + RESOURCE, e);
        }
    }

    private void add(JsonNode node) {
        String code = node.path("code").asText();
        RegionLevel level = RegionLevel.valueOf(node.path("level").asText());
        String parent = node.hasNonNull("parent") ? node.get("parent").asText() : derivedParent(code, level);
        byCode.put(code, new Region(code, node.path("name").asText(), level, parent,
                "ZONE".equals(node.path("kind").asText())));
    }

    private static String derivedParent(String code, RegionLevel level) {
        return switch (level) {
            case PROVINCE -> null;
            case CITY -> code.substring(0, 2) + "0000";
            case COUNTY -> code.substring(0, 4) + "00";
        };
    }

    public Optional<Region> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    public Collection<Region> all() {
        return byCode.values();
    }

    /** True when {@code code} is {@code ancestor} itself or lies inside it. */
    public boolean within(String code, String ancestor) {
        for (Region region = byCode.get(code); region != null; region = byCode.get(region.parent())) {
            if (region.code().equals(ancestor)) {
                return true;
            }
            if (region.parent() == null) {
                return false;
            }
        }
        return false;
    }

    @Override
    public List<String> selfAndAncestors(String code) {
        List<String> chain = new ArrayList<>();
        chain.add(code);
        for (Region region = byCode.get(code); region != null && region.parent() != null;
             region = byCode.get(region.parent())) {
            chain.add(region.parent());
        }
        return chain;
    }

    /**
     * The codes inside {@code region} as an SQL condition ({@link RegionScope}): its prefix, and every region of the
     * catalogue inside it (its ancestor chain contains it) that does not share the prefix, e.g. a zone's hub-local id.
     */
    public RegionScope scope(String region) {
        String prefix = RegionScope.prefixOf(region);
        List<String> others = byCode.keySet().stream().filter(code -> !code.startsWith(prefix))
                .filter(code -> within(code, region)).toList();
        return new RegionScope(region, prefix, others);
    }

    /** True when {@code code} lies within at least one of {@code ancestors}. */
    public boolean withinAny(String code, Collection<String> ancestors) {
        return ancestors.stream().anyMatch(ancestor -> within(code, ancestor));
    }
}
