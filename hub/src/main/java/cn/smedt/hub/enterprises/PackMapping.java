package cn.smedt.hub.enterprises;

import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.packs.PackDefinitionException;
import cn.smedt.hub.packs.PackJsonPath;
import cn.smedt.hub.packs.PackYaml;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pack's {@code mapping.yaml} read and compiled: where the records are in the platform's answer and how each
 * canonical field of the enterprise registration is made from a record (docs/adding-a-county.md "mapping.yaml").
 * A record whose value a table lacks, or a transform cannot take, is refused ({@link MappingRefusal}); nothing is
 * ever passed through unmapped.
 */
final class PackMapping {

    private final List<PackJsonPath> records;
    private final Map<String, CompiledField> fields;

    /**
     * The file as written.
     *
     * @param records JSONPath of the array of records in the answer ({@code data}, {@code $.data.rows}); default
     *                {@code data}
     * @param fields  canonical field to its rule (a JSONPath text is short for {@code {path: ...}})
     * @param tables  named value tables: county value (text) to canonical value; a value not listed is refused
     * @param codes   per canonical field, its value table (older form of {@code fields.<f>.table})
     */
    record MappingFile(Object records, Map<String, FieldRule> fields, Map<String, Map<String, JsonNode>> tables,
                       Map<String, Map<String, JsonNode>> codes) {
    }

    /**
     * How one canonical field is made.
     *
     * @param path         JSONPath in the record ({@code creditCode}, {@code base.ent.name}, {@code $['企业名称']})
     * @param constant     a fixed value instead of a path
     * @param defaultValue the value when the record lacks the field or it is null or blank ({@code default:})
     * @param transform    transforms in order: {@code trim}, {@code upper}, {@code lower}, {@code yes-no} (是/否, Y/N,
     *                     1/0, true/false to a boolean), {@code scale} (规上/规下 to ABOVE_/BELOW_DESIGNATED_SIZE),
     *                     {@code date:<pattern>} (to ISO {@code yyyy-MM-dd}) or {@code date:<from>><to>}
     * @param table        the value table (of {@code tables}) applied after the transforms
     */
    record FieldRule(String path, JsonNode constant, JsonNode defaultValue, List<String> transform, String table) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        FieldRule(@JsonProperty("path") String path, @JsonProperty("constant") JsonNode constant,
                  @JsonProperty("default") JsonNode defaultValue, @JsonProperty("transform") List<String> transform,
                  @JsonProperty("table") String table) {
            this.path = path;
            this.constant = constant;
            this.defaultValue = defaultValue;
            this.transform = transform == null ? List.of() : List.copyOf(transform);
            this.table = table;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static FieldRule of(String path) {
            return new FieldRule(path, null, null, null, null);
        }
    }

    /**
     * A record refused by the mapping.
     *
     * @param code    mapping-value-unknown or mapping-value-invalid
     * @param field   the canonical field (JSON pointer, e.g. {@code /industryCode})
     * @param value   the county's value
     * @param detail  why
     */
    record MappingRefusal(ProblemCode code, String field, String value, String detail) {
    }

    /** Thrown by {@link #canonical} for a record it refuses. */
    static final class RecordRefusedException extends RuntimeException {

        private final transient MappingRefusal refusal;

        RecordRefusedException(MappingRefusal refusal) {
            super(refusal.detail());
            this.refusal = refusal;
        }

        MappingRefusal refusal() {
            return refusal;
        }
    }

    private record CompiledField(String name, PackJsonPath path, JsonNode constant, JsonNode defaultValue,
                                 List<Transform> transforms, String tableName, Map<String, JsonNode> table) {
    }

    private record Transform(String text, String kind, DateTimeFormatter from, DateTimeFormatter to) {
    }

    private PackMapping(List<PackJsonPath> records, Map<String, CompiledField> fields) {
        this.records = records;
        this.fields = fields;
    }

    /**
     * Reads and compiles a {@code mapping.yaml}.
     *
     * @throws PackDefinitionException naming the file, field and line of what is wrong
     */
    static PackMapping read(InputStream in, String file) {
        PackYaml.Bound<MappingFile> bound = PackYaml.read(in, file, MappingFile.class);
        MappingFile mapping = bound.value();
        List<PackJsonPath> records = new ArrayList<>();
        Object recordPaths = mapping.records() == null ? "data" : mapping.records();
        if (recordPaths instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                records.add(path(bound, "records[" + i + "]", String.valueOf(list.get(i))));
            }
        } else {
            records.add(path(bound, "records", String.valueOf(recordPaths)));
        }
        Map<String, Map<String, JsonNode>> tables = mapping.tables() == null ? Map.of() : mapping.tables();
        Map<String, Map<String, JsonNode>> codes = mapping.codes() == null ? Map.of() : mapping.codes();
        Map<String, CompiledField> fields = new LinkedHashMap<>();
        Map<String, FieldRule> rules = mapping.fields() == null ? Map.of() : mapping.fields();
        rules.forEach((name, rule) -> fields.put(name, compile(bound, name, rule, tables, codes)));
        codes.keySet().stream().filter(name -> !rules.containsKey(name)).findFirst().ifPresent(name -> {
            throw bound.fail("codes." + name, "a table for a field that fields does not map");
        });
        return new PackMapping(List.copyOf(records), fields);
    }

    private static CompiledField compile(PackYaml.Bound<MappingFile> bound, String name, FieldRule rule,
                                         Map<String, Map<String, JsonNode>> tables,
                                         Map<String, Map<String, JsonNode>> codes) {
        String at = "fields." + name;
        if ((rule.path() == null) == (rule.constant() == null)) {
            throw bound.fail(at, "give either path or constant");
        }
        List<Transform> transforms = new ArrayList<>();
        for (int i = 0; i < rule.transform().size(); i++) {
            transforms.add(transform(bound, at + ".transform[" + i + "]", rule.transform().get(i)));
        }
        Map<String, JsonNode> table = codes.get(name);
        String tableName = "codes." + name;
        if (rule.table() != null) {
            if (table != null) {
                throw bound.fail(at + ".table", "field has a table in codes too; keep one");
            }
            table = tables.get(rule.table());
            tableName = "tables." + rule.table();
            if (table == null) {
                throw bound.fail(at + ".table", "no table '" + rule.table() + "' (tables: " + tables.keySet() + ")");
            }
        }
        return new CompiledField(name, rule.path() == null ? null : path(bound, at + ".path", rule.path()),
                rule.constant(), rule.defaultValue(), List.copyOf(transforms), tableName, table);
    }

    private static PackJsonPath path(PackYaml.Bound<MappingFile> bound, String at, String text) {
        try {
            return PackJsonPath.of(text);
        } catch (PackDefinitionException e) {
            throw bound.fail(at, e.getMessage());
        }
    }

    private static Transform transform(PackYaml.Bound<MappingFile> bound, String at, String text) {
        switch (text) {
            case "trim", "upper", "lower", "yes-no", "scale" -> {
                return new Transform(text, text, null, null);
            }
            default -> {
                if (!text.startsWith("date:")) {
                    throw bound.fail(at, "unknown transform '" + text
                            + "' (known: trim, upper, lower, yes-no, scale, date:<pattern>, date:<from>><to>)");
                }
                String[] patterns = text.substring("date:".length()).split(">", 2);
                try {
                    return new Transform(text, "date", DateTimeFormatter.ofPattern(patterns[0], Locale.ROOT),
                            patterns.length == 1 ? DateTimeFormatter.ISO_LOCAL_DATE
                                    : DateTimeFormatter.ofPattern(patterns[1], Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw bound.fail(at, "bad date pattern: " + e.getMessage());
                }
            }
        }
    }

    /** The records of a platform's answer (the first {@code records} path that holds an array); none otherwise. */
    List<JsonNode> records(JsonNode answer) {
        for (PackJsonPath path : records) {
            JsonNode found = path.read(answer);
            if (found.isArray()) {
                List<JsonNode> list = new ArrayList<>();
                found.forEach(list::add);
                return list;
            }
        }
        return List.of();
    }

    /** The record paths, for messages. */
    String recordPaths() {
        return records.toString();
    }

    /** The JSONPath of the canonical {@code uscc}, to name a refused record; the record's own field otherwise. */
    String uscc(JsonNode record) {
        CompiledField uscc = fields.get("uscc");
        JsonNode value = uscc == null || uscc.path() == null ? record.path("uscc") : uscc.path().read(record);
        return value.isValueNode() ? value.asText().trim() : "";
    }

    /**
     * The canonical registration of one record. A field the record lacks (no default) is left out: the contract
     * check then refuses the record if the field is required.
     *
     * @throws RecordRefusedException when a value is not in its table or a transform cannot take it
     */
    ObjectNode canonical(JsonNode record) {
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        for (CompiledField field : fields.values()) {
            JsonNode value = field.constant() != null ? field.constant() : field.path().read(record);
            if (absent(value)) {
                if (field.defaultValue() == null) {
                    continue;
                }
                value = field.defaultValue();
            } else if (field.constant() == null) {
                for (Transform transform : field.transforms()) {
                    value = apply(transform, value, field);
                }
                if (field.table() != null) {
                    value = lookUp(field, value);
                }
            }
            canonical.set(field.name(), value);
        }
        return canonical;
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull()
                || value.isTextual() && value.asText().isBlank();
    }

    private static JsonNode lookUp(CompiledField field, JsonNode value) {
        JsonNode mapped = field.table().get(value.asText());
        if (mapped == null) {
            throw refused(ProblemCode.MAPPING_VALUE_UNKNOWN, field, value, "value '" + value.asText() + "' of "
                    + source(field) + " is not in " + field.tableName() + " (known: " + field.table().keySet()
                    + "); add it to mapping.yaml");
        }
        return mapped;
    }

    private static JsonNode apply(Transform transform, JsonNode value, CompiledField field) {
        String text = value.asText();
        return switch (transform.kind()) {
            case "trim" -> TextNode.valueOf(text.strip());
            case "upper" -> TextNode.valueOf(text.toUpperCase(Locale.ROOT));
            case "lower" -> TextNode.valueOf(text.toLowerCase(Locale.ROOT));
            case "yes-no" -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "是", "y", "yes", "1", "true" -> BooleanNode.TRUE;
                case "否", "n", "no", "0", "false" -> BooleanNode.FALSE;
                default -> throw refused(ProblemCode.MAPPING_VALUE_INVALID, field, value, "value '" + text + "' of "
                        + source(field) + " is not a yes/no (是/否, Y/N, 1/0, true/false)");
            };
            case "scale" -> switch (text.strip()) {
                case "规上", "规模以上", "规上企业" -> TextNode.valueOf("ABOVE_DESIGNATED_SIZE");
                case "规下", "规模以下", "规下企业" -> TextNode.valueOf("BELOW_DESIGNATED_SIZE");
                default -> throw refused(ProblemCode.MAPPING_VALUE_INVALID, field, value, "value '" + text + "' of "
                        + source(field) + " is neither 规上 nor 规下");
            };
            case "date" -> {
                try {
                    yield TextNode.valueOf(LocalDate.parse(text.strip(), transform.from()).format(transform.to()));
                } catch (DateTimeParseException e) {
                    throw refused(ProblemCode.MAPPING_VALUE_INVALID, field, value, "value '" + text + "' of "
                            + source(field) + " is not a date as " + transform.text());
                }
            }
            default -> throw new PackDefinitionException("transform " + transform.text() + " not compiled");
        };
    }

    private static String source(CompiledField field) {
        return field.path() == null ? "constant" : "field " + field.path();
    }

    private static RecordRefusedException refused(ProblemCode code, CompiledField field, JsonNode value,
                                                  String detail) {
        return new RecordRefusedException(new MappingRefusal(code, "/" + field.name(), value.asText(), detail));
    }
}
