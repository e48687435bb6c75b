package cn.smedt.hub.enterprises;

import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerRequests;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.packs.PackDefinitionException;
import cn.smedt.hub.packs.PackDescriptor;
import cn.smedt.hub.packs.PackFileKind;
import cn.smedt.hub.packs.PackFilesChanged;
import cn.smedt.hub.packs.PackProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Bean {@code packIntake}, used by county packs' YAML routes (Kamelet {@code smedt-enterprise-intake-action}): maps
 * the records of a county platform's answer to the canonical model with the pack's {@code mapping.yaml}
 * ({@link PackMapping}) and registers them through the same contract check and intake as the signed API, as partner
 * {@code pack:<pack>} whose only region is the pack's county, so a pack can never write outside its region. Every
 * run is recorded ({@link PackImportRuns}); a refused record is logged with its USCC, field, value and code, never
 * stored.
 *
 * <p>The packs' {@code mapping.yaml} and {@code pack.yaml} are read once: the packaged ones (classpath
 * {@code packs/}) when first used, those of {@code hub.packs.dir} at start and again when the pack directory watcher
 * announces a change ({@link PackFilesChanged}). A file that does not parse is reported (logged, and named in the
 * runs that follow) and the last good version keeps running; a removed file falls back to the packaged one.
 */
@Component("packIntake")
public class PackIntake {

    private static final Logger LOG = LoggerFactory.getLogger(PackIntake.class);

    private final PartnerRequests requests;
    /** The application's mapper: one way of reading JSON. */
    private final ObjectMapper json;
    private final EnterpriseRegistry enterprises;
    private final PackImportRuns runs;
    private final Clock clock;
    private final Path packsDir;
    /** Packaged files, by pack, read when first used. */
    private final Map<String, PackMapping> packagedMappings = new ConcurrentHashMap<>();
    private final Map<String, PackDescriptor> packagedDescriptors = new ConcurrentHashMap<>();
    /** Last good files of the pack directory, by pack. */
    private final Map<String, PackMapping> mappings = new ConcurrentHashMap<>();
    private final Map<String, PackDescriptor> descriptors = new ConcurrentHashMap<>();
    /** The current problem of a pack directory file that did not parse, by file. */
    private final Map<Path, String> problems = new ConcurrentHashMap<>();

    PackIntake(PartnerRequests requests, EnterpriseRegistry enterprises, PackImportRuns runs, PackProperties packs,
               Clock clock, ObjectMapper json) {
        this.json = json;
        this.requests = requests;
        this.enterprises = enterprises;
        this.runs = runs;
        this.clock = clock;
        this.packsDir = packs.directory();
        try {
            for (PackFileKind kind : List.of(PackFileKind.MAPPING, PackFileKind.PACK)) {
                for (Path file : kind.filesIn(packsDir)) {
                    load(packOf(file), file);
                }
            }
        } catch (IOException e) {
            LOG.warn("pack directory {} cannot be read: {}", packsDir, e.getMessage());
        }
    }

    /** Reloads the mapping.yaml and pack.yaml files the watcher saw change. */
    @EventListener
    public void onPackFilesChanged(PackFilesChanged event) {
        for (PackFileKind kind : List.of(PackFileKind.MAPPING, PackFileKind.PACK)) {
            for (PackFilesChanged.Change change : event.of(kind)) {
                if (change.type() == PackFilesChanged.Type.REMOVED) {
                    (kind == PackFileKind.MAPPING ? mappings : descriptors).remove(change.pack());
                    problems.remove(change.file());
                    LOG.info("pack file {} removed; pack {} uses its packaged version, if any", change.file(),
                            change.pack());
                } else {
                    load(change.pack(), change.file());
                }
            }
        }
    }

    private String packOf(Path file) {
        return packsDir.relativize(file.getParent()).toString().replace('\\', '/');
    }

    /** Reads one file of the pack directory; one that does not parse is reported and the last good one stays. */
    private void load(String pack, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (PackFileKind.MAPPING.matches(file)) {
                mappings.put(pack, PackMapping.read(in, file.toString()));
            } else {
                descriptors.put(pack, PackDescriptor.read(in, file.toString()));
            }
            problems.remove(file);
            LOG.info("pack {}: loaded {}", pack, file);
        } catch (IOException | PackDefinitionException e) {
            String problem = file + " not loaded, the last good version stays in use: " + e.getMessage();
            problems.put(file, problem);
            LOG.error("pack {}: {}", pack, problem);
        }
    }

    /** Imports the enterprises of a county platform's answer; returns {imported, refused, errors}. */
    public Map<String, Object> importEnterprises(String answer, String pack) throws IOException {
        return importEnterprises(answer, pack, null);
    }

    /**
     * Imports the enterprises of a county platform's answer and records the run; returns
     * {@code {runId, imported, refused, errors}}.
     *
     * @param answer the platform's JSON answer (poll, webhook body or dropped file)
     * @param pack   the pack, e.g. {@code zhejiang/jinhua/yongkang}
     * @param source where it came from (header SmedtSource), for the run record
     * @throws IOException when the answer is not JSON (nothing imported; the run is recorded)
     */
    public Map<String, Object> importEnterprises(String answer, String pack, String source) throws IOException {
        Instant started = clock.instant();
        String runId = UUID.randomUUID().toString();
        PackMapping mapping = mapping(pack);
        String region = descriptor(pack).region();
        String problem = problemOf(pack);
        JsonNode document;
        try {
            document = json.readTree(answer);
        } catch (IOException notJson) {
            runs.record(new PackImportRuns.Run(runId, pack, region, source, started, clock.instant(), 0, 0, List.of(),
                    "the answer is not JSON: " + notJson.getMessage()));
            throw notJson;
        }
        List<JsonNode> records = mapping.records(document);
        if (records.isEmpty() && problem == null) {
            problem = "no records at " + mapping.recordPaths() + " of the answer";
        }
        Partner identity = new Partner("pack:" + pack, "county pack " + pack, PartnerType.GOVERNMENT, Set.of(region),
                Set.of("enterprises:write"), 0, null);
        int imported = 0;
        List<PackImportRuns.Refusal> refusals = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            PackImportRuns.Refusal refusal = register(identity, mapping, record);
            if (refusal == null) {
                imported++;
            } else {
                refusals.add(refusal);
                LOG.warn("pack {}: record {} (USCC '{}') refused: {} {} value '{}': {}", pack, i, refusal.uscc(),
                        refusal.code(), refusal.field(), refusal.value(), refusal.detail());
            }
        }
        runs.record(new PackImportRuns.Run(runId, pack, region, source, started, clock.instant(), records.size(),
                imported, refusals, problem));
        LOG.info("pack {}: import run {} from {}: {} records, {} imported, {} refused{}", pack, runId, source,
                records.size(), imported, refusals.size(), problem == null ? "" : " (" + problem + ")");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runId", runId);
        summary.put("imported", imported);
        summary.put("refused", refusals.size());
        summary.put("errors", refusals.stream().map(r -> r.uscc() + " " + r.code() + " " + r.field() + " '" + r.value()
                + "': " + r.detail()).toList());
        return summary;
    }

    /** Registers one record; its refusal, or null when registered. */
    private PackImportRuns.Refusal register(Partner identity, PackMapping mapping, JsonNode record) {
        String uscc = mapping.uscc(record);
        ObjectNode canonical;
        try {
            canonical = mapping.canonical(record);
        } catch (PackMapping.RecordRefusedException refused) {
            PackMapping.MappingRefusal r = refused.refusal();
            return new PackImportRuns.Refusal(uscc, r.field(), r.value(), r.code().code(), r.detail());
        }
        try {
            // the contract and region checks of a signed call: a pack's only region is its county
            enterprises.register(requests.line(identity, "POST", "/api/v1/enterprises", canonical));
            return null;
        } catch (ProblemException refused) {
            String pointer = refused.errors().isEmpty() ? "" : refused.errors().get(0).pointer();
            JsonNode value = pointer.isEmpty() ? null : canonical.at(pointer);
            return new PackImportRuns.Refusal(uscc, pointer, value == null || value.isMissingNode() ? null
                    : value.isValueNode() ? value.asText() : value.toString(), refused.code().code(),
                    refused.getMessage());
        }
    }

    private String problemOf(String pack) {
        if (packsDir == null) {
            return null;
        }
        List<String> found = new ArrayList<>();
        for (String name : List.of("mapping.yaml", "pack.yaml")) {
            String problem = problems.get(packsDir.resolve(pack).resolve(name));
            if (problem != null) {
                found.add(problem);
            }
        }
        return found.isEmpty() ? null : String.join("; ", found);
    }

    private PackMapping mapping(String pack) {
        PackMapping loaded = mappings.get(pack);
        return loaded != null ? loaded : packagedMappings.computeIfAbsent(pack,
                p -> packaged("packs/" + p + "/mapping.yaml", PackMapping::read));
    }

    private PackDescriptor descriptor(String pack) {
        PackDescriptor loaded = descriptors.get(pack);
        return loaded != null ? loaded : packagedDescriptors.computeIfAbsent(pack,
                p -> packaged("packs/" + p + "/pack.yaml", PackDescriptor::read));
    }

    /** Binds one pack file. */
    private interface Reader<T> {
        T read(InputStream in, String file);
    }

    private static <T> T packaged(String resource, Reader<T> reader) {
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
