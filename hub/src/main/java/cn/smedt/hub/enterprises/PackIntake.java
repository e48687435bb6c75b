package cn.smedt.hub.enterprises;

import cn.smedt.hub.packs.PackDefinitionException;
import cn.smedt.hub.packs.PackDescriptor;
import cn.smedt.hub.packs.PackFileKind;
import cn.smedt.hub.packs.PackFilesChanged;
import cn.smedt.hub.packs.PackProperties;
import cn.smedt.hub.packs.PackYaml;
import cn.smedt.hub.kernel.PartnerRequests;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Bean {@code packIntake}, used by county packs' YAML routes: maps records of a county platform to the canonical model
 * with the pack's {@code mapping.yaml} (field names and code tables) and registers them through the same contract
 * check and intake as the signed API, as partner {@code pack:<pack>} whose only region is the pack's county, so a
 * pack can never write outside its region. Refused records are counted and logged with their code, never stored.
 * A pack's {@code mapping.yaml} and {@code pack.yaml} are read when first used (from {@code hub.packs.dir} when the
 * pack is there, else packaged) and kept; the pack directory's watcher tells when one was added, changed or removed
 * ({@link PackFilesChanged}), and it is read again; a file that cannot be read or bound is logged and the last good
 * version stays.
 */
@Component("packIntake")
public class PackIntake {

    private static final Logger LOG = LoggerFactory.getLogger(PackIntake.class);
    private static final String MAPPING = "mapping.yaml";
    private static final String PACK = "pack.yaml";

    private final PartnerRequests requests;
    private final EnterpriseRegistry enterprises;
    private final ObjectMapper json;
    private final Map<String, Mapping> mappings = new ConcurrentHashMap<>();
    private final Map<String, PackDescriptor> packDescriptors = new ConcurrentHashMap<>();

    private final java.nio.file.Path packsDir;

    /**
     * A pack's {@code mapping.yaml}: how the county platform names things.
     *
     * @param records the field of the platform's answer holding the array of records (default {@code data})
     * @param fields  canonical field to the county's field name
     * @param codes   per canonical field, county code to canonical value (a text, number or boolean)
     */
    record Mapping(String records, Map<String, String> fields, Map<String, Map<String, JsonNode>> codes) {

        Mapping {
            records = records == null ? "data" : records;
            fields = fields == null ? Map.of() : fields;
            codes = codes == null ? Map.of() : codes;
        }
    }

    PackIntake(PartnerRequests requests, EnterpriseRegistry enterprises, PackProperties packs, ObjectMapper json) {
        this.requests = requests;
        this.json = json;
        this.enterprises = enterprises;
        this.packsDir = packs.directory();
    }

    /** Imports the enterprises of a county platform's answer; returns {imported, refused, errors}. */
    public Map<String, Object> importEnterprises(String answer, String pack) throws IOException {
        Mapping mapping = mapping(pack);
        String region = regionOf(pack);
        Partner identity = new Partner("pack:" + pack, "county pack " + pack, PartnerType.GOVERNMENT, Set.of(region),
                Set.of("enterprises:write"), 0, null);
        JsonNode records = json.readTree(answer).path(mapping.records());
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

    static ObjectNode canonical(JsonNode record, Mapping mapping) {
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        mapping.fields().forEach((field, countyField) -> {
            JsonNode value = record.get(countyField);
            if (value == null || value.isNull()) {
                return;
            }
            Map<String, JsonNode> codes = mapping.codes().get(field);
            canonical.set(field, codes != null && codes.containsKey(value.asText()) ? codes.get(value.asText())
                    : value);
        });
        return canonical;
    }

    /** Reads again the mapping and pack files the watcher saw change; a file refused leaves the last good one. */
    @EventListener
    public void onPackFilesChanged(PackFilesChanged event) {
        reload(event, PackFileKind.MAPPING, MAPPING, mappings, PackIntake::readMapping);
        reload(event, PackFileKind.PACK, PACK, packDescriptors, PackDescriptor::read);
    }

    private <T> void reload(PackFilesChanged event, PackFileKind kind, String name, Map<String, T> cache,
                            Reader<T> reader) {
        for (PackFilesChanged.Change change : event.of(kind)) {
            if (!cache.containsKey(change.pack())) {
                continue; // not used yet: read when first used
            }
            try {
                cache.put(change.pack(), load(change.pack(), name, reader));
                LOG.info("pack {}: {} read again", change.pack(), name);
            } catch (PackDefinitionException e) {
                LOG.warn("pack {}: {} refused, the last good version stays: {}", change.pack(), name, e.getMessage());
            }
        }
    }

    /** A pack file, as read when first used or last changed ({@link #onPackFilesChanged}). */
    private <T> T packFile(String pack, String name, Map<String, T> cache, Reader<T> reader) {
        return cache.computeIfAbsent(pack, p -> load(p, name, reader));
    }

    /** A pack file: from hub.packs.dir when the pack is there, else packaged. */
    private <T> T load(String pack, String name, Reader<T> reader) {
        java.nio.file.Path file = packsDir == null ? null : packsDir.resolve(pack).resolve(name);
        if (file != null && java.nio.file.Files.isRegularFile(file)) {
            try (InputStream in = java.nio.file.Files.newInputStream(file)) {
                return reader.read(in, file.toString());
            } catch (IOException e) {
                throw new PackDefinitionException("pack file " + pack + "/" + name + " cannot be read: " + e.getMessage());
            }
        }
        return read("packs/" + pack + "/" + name, reader);
    }

    private Mapping mapping(String pack) {
        return packFile(pack, MAPPING, mappings, PackIntake::readMapping);
    }

    private static Mapping readMapping(InputStream in, String file) {
        return PackYaml.read(in, file, Mapping.class).value();
    }

    private String regionOf(String pack) {
        return packFile(pack, PACK, packDescriptors, PackDescriptor::read).region();
    }

    /** Binds one pack file. */
    private interface Reader<T> {
        T read(InputStream in, String file);
    }

    private static <T> T read(String resource, Reader<T> reader) {
        try (InputStream in = PackIntake.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new PackDefinitionException("pack resource " + resource + " is missing");
            }
            return reader.read(in, "classpath:" + resource);
        } catch (IOException e) {
            throw new PackDefinitionException("pack resource " + resource + " cannot be read: " + e.getMessage());
        }
    }
}
