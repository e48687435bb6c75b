package cn.smedt.api.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks JSON against the subset of OpenAPI 3.0 schema objects the contracts use, reporting every violation
 * with a stable code and the field's JSON pointer. Contracts are checked at load time
 * ({@link #requireSupported}) so a keyword this checker would silently ignore can never reach production.
 */
final class SchemaChecker {

    /** Keywords enforced here, plus annotations that do not constrain. Anything else fails loading. */
    static final Set<String> KEYWORDS = Set.of("$ref", "type", "properties", "required", "additionalProperties",
            "items", "enum", "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "minItems",
            "maxItems", "description", "example", "title");

    private static final Set<String> FORMATS = Set.of("date", "date-time");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");
    private static final int MAX_VIOLATIONS = 50;

    /** A schema together with the contract file its relative $refs point into. */
    record Located(String spec, JsonNode schema) {
    }

    private final Map<String, JsonNode> specs;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    SchemaChecker(Map<String, JsonNode> specs) {
        this.specs = specs;
    }

    Located resolve(String spec, JsonNode schema) {
        String current = spec;
        JsonNode node = schema;
        for (int hops = 0; node.has("$ref"); hops++) {
            if (hops > 20) {
                throw new ContractDefinitionException("$ref cycle at " + schema.get("$ref").asText() + " in " + spec);
            }
            String ref = node.get("$ref").asText();
            int hash = ref.indexOf('#');
            if (hash < 0) {
                throw new ContractDefinitionException("$ref '" + ref + "' in " + current + " has no #fragment");
            }
            if (hash > 0) {
                current = ref.substring(0, hash).replaceFirst("\\.ya?ml$", "");
            }
            JsonNode document = specs.get(current);
            if (document == null) {
                throw new ContractDefinitionException("$ref '" + ref + "' names an unknown contract " + current);
            }
            node = document.at(ref.substring(hash + 1));
            if (node.isMissingNode()) {
                throw new ContractDefinitionException("$ref '" + ref + "' in " + spec + " points to nothing");
            }
        }
        return new Located(current, node);
    }

    /** Fails when the schema (recursively) uses a keyword, type or format this checker does not enforce. */
    void requireSupported(String spec, JsonNode schema, String where) {
        Located located = resolve(spec, schema);
        JsonNode node = located.schema();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String keyword = names.next();
            if (!KEYWORDS.contains(keyword)) {
                throw new ContractDefinitionException(where + ": schema keyword '" + keyword
                        + "' is not enforced by the contract checker");
            }
        }
        if (node.has("format") && !FORMATS.contains(node.get("format").asText())) {
            throw new ContractDefinitionException(where + ": format " + node.get("format") + " is not enforced");
        }
        if (node.has("pattern")) {
            pattern(node.get("pattern").asText());
        }
        node.path("properties").fields().forEachRemaining(property ->
                requireSupported(located.spec(), property.getValue(), where + "/" + property.getKey()));
        if (node.has("items")) {
            requireSupported(located.spec(), node.get("items"), where + "[]");
        }
        if (node.has("additionalProperties") && node.get("additionalProperties").isObject()) {
            requireSupported(located.spec(), node.get("additionalProperties"), where + "{}");
        }
    }

    void check(String spec, JsonNode schema, JsonNode value, String pointer, List<Violation> out) {
        if (out.size() >= MAX_VIOLATIONS) {
            return;
        }
        Located located = resolve(spec, schema);
        JsonNode node = located.schema();
        String type = node.path("type").asText(null);
        if (type != null && !hasType(value, type)) {
            out.add(new Violation("field-type", pointer, "expected " + article(type) + ", got " + kind(value)));
            return;
        }
        if (node.has("enum") && !contains(node.get("enum"), value)) {
            out.add(new Violation("field-enum", pointer, "must be one of " + node.get("enum")));
            return;
        }
        if (value.isTextual()) {
            checkString(node, value.asText(), pointer, out);
        } else if (value.isNumber()) {
            checkNumber(node, value.decimalValue(), pointer, out);
        } else if (value.isArray()) {
            checkArray(located.spec(), node, value, pointer, out);
        } else if (value.isObject()) {
            checkObject(located.spec(), node, value, pointer, out);
        }
    }

    private void checkString(JsonNode schema, String text, String pointer, List<Violation> out) {
        int length = text.codePointCount(0, text.length());
        if (schema.has("minLength") && length < schema.get("minLength").asInt()
                || schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            out.add(new Violation("field-length", pointer, "length " + length + " is outside "
                    + bounds(schema, "minLength", "maxLength")));
            return;
        }
        if (schema.has("pattern") && !pattern(schema.get("pattern").asText()).matcher(text).find()) {
            out.add(new Violation("field-pattern", pointer, "does not match " + schema.get("pattern").asText()
                    + (schema.has("description") ? " (" + schema.get("description").asText() + ")" : "")));
            return;
        }
        String format = schema.path("format").asText("");
        if (!format.isEmpty() && !validFormat(format, text)) {
            out.add(new Violation("field-format", pointer, "'" + shortened(text) + "' is not a valid " + format
                    + (format.equals("date") ? " (yyyy-MM-dd, years 0001-9999)"
                    : " (RFC 3339, years 0001-9999 in UTC)")));
        }
    }

    /**
     * RFC 3339 full-date / date-time with a four-digit year, within years 0001-9999 (a date-time's instant in UTC):
     * what every database stores and reads back unchanged. Java's parsers alone also take "+10000-01-01" and year 0,
     * which PostgreSQL refuses or a java.sql.Date shifts.
     */
    static boolean validFormat(String format, String text) {
        try {
            if (format.equals("date")) {
                return DATE.matcher(text).matches() && LocalDate.parse(text).getYear() >= 1;
            }
            if (format.equals("date-time")) {
                int year = DATE_TIME.matcher(text).matches()
                        ? OffsetDateTime.parse(text).atZoneSameInstant(ZoneOffset.UTC).getYear() : 0;
                return year >= 1 && year <= 9999;
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static void checkNumber(JsonNode schema, BigDecimal number, String pointer, List<Violation> out) {
        if (schema.has("minimum") && number.compareTo(schema.get("minimum").decimalValue()) < 0
                || schema.has("maximum") && number.compareTo(schema.get("maximum").decimalValue()) > 0) {
            out.add(new Violation("field-range", pointer, number.toPlainString() + " is outside "
                    + bounds(schema, "minimum", "maximum")));
        }
    }

    private void checkArray(String spec, JsonNode schema, JsonNode array, String pointer, List<Violation> out) {
        if (schema.has("minItems") && array.size() < schema.get("minItems").asInt()
                || schema.has("maxItems") && array.size() > schema.get("maxItems").asInt()) {
            out.add(new Violation("field-length", pointer, array.size() + " items is outside "
                    + bounds(schema, "minItems", "maxItems")));
            return;
        }
        if (schema.has("items")) {
            for (int i = 0; i < array.size(); i++) {
                check(spec, schema.get("items"), array.get(i), pointer + "/" + i, out);
            }
        }
    }

    private void checkObject(String spec, JsonNode schema, JsonNode object, String pointer, List<Violation> out) {
        for (JsonNode required : schema.path("required")) {
            JsonNode present = object.get(required.asText());
            if (present == null) {
                out.add(new Violation("field-required", pointer + "/" + escape(required.asText()),
                        "'" + required.asText() + "' is required"));
            }
        }
        JsonNode properties = schema.path("properties");
        boolean closed = schema.has("additionalProperties") && schema.get("additionalProperties").isBoolean()
                && !schema.get("additionalProperties").asBoolean();
        object.fields().forEachRemaining(field -> {
            String fieldPointer = pointer + "/" + escape(field.getKey());
            if (properties.has(field.getKey())) {
                check(spec, properties.get(field.getKey()), field.getValue(), fieldPointer, out);
            } else if (closed) {
                out.add(new Violation("field-unknown", fieldPointer, "'" + field.getKey()
                        + "' is not a field of this request; allowed: " + fieldNames(properties)));
            } else if (schema.path("additionalProperties").isObject()) {
                check(spec, schema.get("additionalProperties"), field.getValue(), fieldPointer, out);
            }
        });
    }

    private Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new ContractDefinitionException("unknown schema type '" + type + "'");
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String kind(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        return article(value.getNodeType().name().toLowerCase());
    }

    private static String article(String type) {
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static String bounds(JsonNode schema, String min, String max) {
        return "[" + schema.path(min).asText("") + ", " + schema.path(max).asText("") + "]";
    }

    private static String fieldNames(JsonNode properties) {
        StringBuilder names = new StringBuilder();
        properties.fieldNames().forEachRemaining(name -> names.append(names.length() == 0 ? "" : ", ").append(name));
        return names.toString();
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
