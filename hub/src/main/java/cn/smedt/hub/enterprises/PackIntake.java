package cn.smedt.hub.enterprises;

import cn.smedt.hub.packs.PackDefinitionException;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.PartnerRequests;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bean {@code packIntake}, used by county packs' YAML routes: maps records of a county platform to the canonical model
 * with the pack's {@code mapping.yaml} (field names and code tables) and registers them through the same contract
 * check and intake as the signed API, as partner {@code pack:<pack>} whose only region is the pack's county, so a
 * pack can never write outside its region. Refused records are counted and logged with their code, never stored.
 */
@Component("packIntake")
public class PackIntake {

    private static final Logger LOG = LoggerFactory.getLogger(PackIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PartnerRequests requests;
    private final EnterpriseRegistry enterprises;
    private final Map<String, JsonNode> mappings = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> packDescriptors = new ConcurrentHashMap<>();

    private final java.nio.file.Path packsDir;

    PackIntake(PartnerRequests requests, EnterpriseRegistry enterprises,
               @org.springframework.beans.factory.annotation.Value("${hub.packs.dir:}") String packsDir) {
        this.requests = requests;
        this.enterprises = enterprises;
        this.packsDir = packsDir == null || packsDir.isBlank() ? null : java.nio.file.Path.of(packsDir);
    }

    /** Imports the enterprises of a county platform's answer; returns {imported, refused, errors}. */
    public Map<String, Object> importEnterprises(String answer, String pack) throws IOException {
        JsonNode mapping = mapping(pack);
        String region = regionOf(pack);
        Partner identity = new Partner("pack:" + pack, "county pack " + pack, PartnerType.GOVERNMENT, Set.of(region),
                Set.of("enterprises:write"), 0, null);
        JsonNode records = JSON.readTree(answer).path(mapping.path("records").asText("data"));
        int imported = 0;
        List<String> errors = new ArrayList<>();
        for (JsonNode record : records) {
            try {
                ObjectNode canonical = canonical(record, mapping);
                // the contract and region checks of a signed call: a pack's only region is its county
                enterprises.register(requests.line(identity, "POST", "/api/v1/enterprises", canonical));
                imported++;
            } catch (ProblemException refused) {
                String pointer = refused.errors().isEmpty() ? "" : refused.errors().get(0).pointer();
                errors.add(refused.code().code() + " " + pointer + ": " + refused.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            LOG.warn("pack {}: {} records refused: {}", pack, errors.size(), errors);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("imported", imported);
        summary.put("refused", errors.size());
        summary.put("errors", errors);
        return summary;
    }

    static ObjectNode canonical(JsonNode record, JsonNode mapping) {
        ObjectNode canonical = JSON.createObjectNode();
        mapping.path("fields").fields().forEachRemaining(field -> {
            JsonNode value = record.get(field.getValue().asText());
            if (value == null || value.isNull()) {
                return;
            }
            JsonNode codes = mapping.path("codes").path(field.getKey());
            canonical.set(field.getKey(), codes.isObject() && codes.has(value.asText()) ? codes.get(value.asText())
                    : value);
        });
        return canonical;
    }

    /** A pack file: from hub.packs.dir when the pack is there (read every time: edits apply at once), else packaged. */
    private JsonNode packFile(String pack, String name, Map<String, JsonNode> packaged) {
        if (packsDir != null && java.nio.file.Files.isRegularFile(packsDir.resolve(pack).resolve(name))) {
            try {
                return new YAMLMapper().readTree(packsDir.resolve(pack).resolve(name).toFile());
            } catch (IOException e) {
                throw new PackDefinitionException("pack file " + pack + "/" + name + " cannot be read: " + e.getMessage());
            }
        }
        return packaged.computeIfAbsent(pack, p -> read("packs/" + p + "/" + name));
    }

    private JsonNode mapping(String pack) {
        return packFile(pack, "mapping.yaml", mappings);
    }

    private String regionOf(String pack) {
        return packFile(pack, "pack.yaml", packDescriptors).path("region").asText();
    }

    private static JsonNode read(String resource) {
        try (InputStream in = PackIntake.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new PackDefinitionException("pack resource " + resource + " is missing");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new PackDefinitionException("pack resource " + resource + " cannot be read: " + e.getMessage());
        }
    }
}
