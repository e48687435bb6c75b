package cn.smedt.api.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.FormatKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.JsonValidator;
import com.networknt.schema.Keyword;
import com.networknt.schema.PathType;
import com.networknt.schema.RefValidator;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationContext;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.ValidatorTypeCode;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.resource.InputStreamSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * The contracts' schemas compiled by the networknt json-schema-validator in the OpenAPI 3.0 dialect ({@code nullable},
 * {@code readOnly} refused in requests, {@code $ref} into any contract's components, {@code format} date and
 * date-time), each once at load time; {@link #check} maps the validator's errors to stable violation codes and JSON
 * pointers. The dialect has only the keywords whose errors have a stable code ({@link #KEYWORDS}): a contract using
 * another keyword, or another format, fails loading, so nothing documented is silently left unchecked.
 */
final class ContractSchemas {

    /** Keywords enforced (each error mapped to a code), plus annotations that do not constrain. */
    private static final Set<String> KEYWORDS = Set.of("$ref", "type", "properties", "required", "additionalProperties",
            "items", "enum", "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "minItems",
            "maxItems", "nullable", "readOnly", "writeOnly", "description", "example", "title", "default",
            "deprecated", "externalDocs");

    /** Where the contracts live for the validator: only this catalog serves them, nothing is fetched. */
    private static final String BASE = "https://hub.smedt.cn/contracts/";
    private static final String DIALECT = "https://hub.smedt.cn/contracts/dialect/openapi-3.0-request";
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");
    private static final int MAX_VIOLATIONS = 50;

    /** Which error of one value is reported when it breaks several rules: the first of these. */
    private static final List<String> VALUE_RULES = List.of("readOnly", "type", "enum", "minLength", "maxLength",
            "minItems", "maxItems", "minimum", "maximum", "pattern", "format");
    /** Errors of a value that make the errors inside it noise: those are not reported. */
    private static final Set<String> STOPS_DESCENT = Set.of("type", "enum", "minItems", "maxItems");

    private final Map<String, JsonNode> documents = new HashMap<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;

    /** The contracts by name (without .yaml): their YAML text and parsed document. */
    ContractSchemas(Map<String, String> texts, Map<String, JsonNode> parsed) {
        Map<String, String> byIri = new HashMap<>();
        texts.forEach((name, text) -> byIri.put(iri(name), text));
        parsed.forEach((name, document) -> documents.put(iri(name), document));
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder
                .metaSchema(dialect())
                .defaultMetaSchemaIri(DIALECT)
                .schemaLoaders(loaders -> loaders.add(iri -> contract(byIri, iri))));
        this.config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .nullableKeywordEnabled(true)
                .readOnly(true)
                .writeOnly(false)
                .build();
    }

    /**
     * The schema at {@code pointer} (RFC 6901, inside the contract {@code spec}), compiled with everything it
     * references; fails when it uses a keyword or format without a stable code, or references nothing.
     */
    JsonSchema compile(String spec, String pointer, String where) {
        try {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(iri(spec) + "#" + pointer), config);
            schema.initializeValidators();
            return schema;
        } catch (JsonSchemaException | ContractDefinitionException | IllegalArgumentException
                 | IllegalStateException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ContractDefinitionException definition) {
                    throw new ContractDefinitionException(where + ": " + definition.getMessage(), e);
                }
            }
            throw new ContractDefinitionException(where + ": the schema cannot be compiled: " + e.getMessage(), e);
        }
    }

    /** The type a compiled schema declares, following its $ref ("string" when it declares none). */
    static String type(JsonSchema schema) {
        JsonSchema current = schema;
        for (int hops = 0; hops < 20; hops++) {
            if (current.hasTypeValidator()) {
                return current.getTypeValidator().getSchemaType().toString();
            }
            RefValidator ref = current.getValidators().stream().filter(RefValidator.class::isInstance)
                    .map(RefValidator.class::cast).findFirst().orElse(null);
            if (ref == null) {
                break;
            }
            current = ref.getSchemaRef().getSchema();
        }
        return "string";
    }

    /**
     * The violations of {@code value} against a compiled schema (at most 50); empty when it keeps the schema. A value
     * breaking several rules gets one violation, the first of {@link #VALUE_RULES}; nothing is reported inside a value
     * of the wrong type, outside its enum or with too many or too few items.
     */
    List<Violation> check(JsonSchema schema, JsonNode value) {
        Set<ValidationMessage> errors = schema.validate(value);
        if (errors.isEmpty()) {
            return List.of();
        }
        Map<String, ValidationMessage> first = new HashMap<>();
        for (ValidationMessage error : errors) {
            if (VALUE_RULES.contains(error.getType())) {
                first.merge(error.getInstanceLocation().toString(), error, (kept, other) ->
                        VALUE_RULES.indexOf(other.getType()) < VALUE_RULES.indexOf(kept.getType()) ? other : kept);
            }
        }
        List<String> stops = first.values().stream().filter(error -> STOPS_DESCENT.contains(error.getType()))
                .map(error -> error.getInstanceLocation().toString() + "/").toList();
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage error : errors) {
            String location = error.getInstanceLocation().toString();
            boolean shadowed = VALUE_RULES.contains(error.getType()) && first.get(location) != error;
            String within = location + "/";
            boolean inside = stops.stream().anyMatch(stop -> within.startsWith(stop)
                    && (within.length() > stop.length() || first.get(location) != error));
            if (!shadowed && !inside && violations.size() < MAX_VIOLATIONS) {
                violations.add(violation(error));
            }
        }
        return violations;
    }

    private Violation violation(ValidationMessage error) {
        String pointer = pointer(error.getInstanceLocation());
        JsonNode value = error.getInstanceNode();
        SchemaLocation keyword = error.getSchemaLocation();
        JsonNode document = documents.get(keyword.getAbsoluteIri().toString());
        JsonNodePath path = keyword.getFragment();
        JsonNode rule = document.at(path.toString());
        JsonNode schema = document.at(path.getParent().toString());
        return switch (error.getType()) {
            case "type" -> new Violation("field-type", pointer, "expected " + article(rule.asText()) + ", got "
                    + kind(value));
            case "enum" -> new Violation("field-enum", pointer, "must be one of " + rule);
            case "minLength", "maxLength" -> new Violation("field-length", pointer, "length "
                    + value.asText().codePointCount(0, value.asText().length()) + " is outside "
                    + bounds(schema, "minLength", "maxLength"));
            case "minItems", "maxItems" -> new Violation("field-length", pointer, value.size()
                    + " items is outside " + bounds(schema, "minItems", "maxItems"));
            case "minimum", "maximum" -> new Violation("field-range", pointer, value.decimalValue().toPlainString()
                    + " is outside " + bounds(schema, "minimum", "maximum"));
            case "pattern" -> new Violation("field-pattern", pointer, "does not match " + rule.asText()
                    + (schema.has("description") ? " (" + schema.get("description").asText() + ")" : ""));
            case "format" -> new Violation("field-format", pointer, "'" + shortened(value.asText())
                    + "' is not a valid " + rule.asText() + (rule.asText().equals("date")
                    ? " (yyyy-MM-dd, years 0001-9999)" : " (RFC 3339, years 0001-9999 in UTC)"));
            case "required" -> new Violation("field-required", pointer + "/" + escape(error.getProperty()),
                    "'" + error.getProperty() + "' is required");
            case "additionalProperties" -> new Violation("field-unknown", pointer + "/"
                    + escape(error.getProperty()), "'" + error.getProperty()
                    + "' is not a field of this request; allowed: " + fieldNames(schema.path("properties")));
            case "readOnly" -> new Violation("field-unknown", pointer, "'" + error.getInstanceLocation().getName(-1)
                    + "' is read-only (the hub sets it); leave it out of the request");
            default -> throw new ContractDefinitionException("schema keyword '" + error.getType()
                    + "' has no stable violation code");
        };
    }

    /** The dialect: OpenAPI 3.0's keywords cut down to {@link #KEYWORDS}, formats date and date-time only. */
    private static JsonMetaSchema dialect() {
        return JsonMetaSchema.builder(DIALECT, OpenApi30.getInstance())
                .keywords(keywords -> keywords.keySet().retainAll(KEYWORDS))
                .keyword(new AnnotationKeyword("nullable"))
                .keyword(GuardedKeyword.readOnly())
                .keyword(GuardedKeyword.fragmentRef())
                .formats(formats -> {
                    formats.clear();
                    formats.put("date", new YearBoundFormat("date"));
                    formats.put("date-time", new YearBoundFormat("date-time"));
                })
                .formatKeywordFactory(KnownFormatKeyword::new)
                .unknownKeywordFactory((keyword, context) -> new NotEnforcedKeyword(keyword))
                .build();
    }

    /**
     * A keyword outside the dialect: fails loading, except an {@code x-} extension and the fields of the OpenAPI
     * document itself (networknt reads the document a schema is in as a schema too).
     */
    private static final class NotEnforcedKeyword implements Keyword {

        private static final Set<String> DOCUMENT_FIELDS = Set.of("openapi", "info", "servers", "paths",
                "components", "security", "tags", "externalDocs", "webhooks", "jsonSchemaDialect");

        private final String keyword;

        NotEnforcedKeyword(String keyword) {
            this.keyword = keyword;
        }

        @Override
        public String getValue() {
            return keyword;
        }

        @Override
        public JsonValidator newValidator(SchemaLocation location, JsonNodePath path, JsonNode node,
                                          JsonSchema parent, ValidationContext context) {
            boolean documentField = location.getFragment().getNameCount() == 1 && DOCUMENT_FIELDS.contains(keyword);
            if (keyword.startsWith("x-") || documentField) {
                return null;
            }
            throw new ContractDefinitionException("schema keyword '" + keyword + "' (" + location.getFragment()
                    + ") is not enforced by the contract checker");
        }
    }

    /** {@code format}, refusing at load time a format that is not enforced (networknt would ignore it). */
    private static final class KnownFormatKeyword extends FormatKeyword {

        private final Map<String, Format> formats;

        KnownFormatKeyword(Map<String, Format> formats) {
            super(formats);
            this.formats = formats;
        }

        @Override
        public JsonValidator newValidator(SchemaLocation location, JsonNodePath path, JsonNode node,
                                          JsonSchema parent, ValidationContext context) {
            if (!formats.containsKey(node.asText())) {
                throw new ContractDefinitionException("format " + node + " is not enforced");
            }
            return super.newValidator(location, path, node, parent, context);
        }
    }

    /** One of networknt's keywords, where {@code admits} the schema's value (no validator otherwise). */
    private record GuardedKeyword(ValidatorTypeCode keyword, BiPredicate<SchemaLocation, JsonNode> admits)
            implements Keyword {

        /**
         * {@code readOnly: true}: the property must not be sent in a request. networknt's own keyword refuses the
         * property whatever the keyword's value, so {@code readOnly: false} makes no validator here.
         */
        static GuardedKeyword readOnly() {
            return new GuardedKeyword(ValidatorTypeCode.READ_ONLY, (location, node) -> node.asBoolean());
        }

        /** {@code $ref} with a #fragment: a whole contract would be read as a schema that constrains nothing. */
        static GuardedKeyword fragmentRef() {
            return new GuardedKeyword(ValidatorTypeCode.REF, (location, node) -> {
                if (node.asText().indexOf("#/") < 0) {
                    throw new ContractDefinitionException("$ref '" + node.asText() + "' (" + location.getFragment()
                            + ") has no #fragment");
                }
                return true;
            });
        }

        @Override
        public String getValue() {
            return keyword.getValue();
        }

        @Override
        public JsonValidator newValidator(SchemaLocation location, JsonNodePath path, JsonNode node,
                                          JsonSchema parent, ValidationContext context) {
            return admits.test(location, node) ? keyword.newValidator(location, path, node, parent, context) : null;
        }
    }

    /**
     * RFC 3339 full-date / date-time with a four-digit year, within years 0001-9999 (a date-time's instant in UTC):
     * what every database stores and reads back unchanged. Java's parsers alone also take "+10000-01-01" and year 0,
     * which PostgreSQL refuses or a java.sql.Date shifts.
     */
    private record YearBoundFormat(String getName) implements Format {

        @Override
        public boolean matches(ExecutionContext context, String text) {
            try {
                if (getName.equals("date")) {
                    return DATE.matcher(text).matches() && LocalDate.parse(text).getYear() >= 1;
                }
                int year = DATE_TIME.matcher(text).matches()
                        ? OffsetDateTime.parse(text).atZoneSameInstant(ZoneOffset.UTC).getYear() : 0;
                return year >= 1 && year <= 9999;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }

    private static InputStreamSource contract(Map<String, String> byIri, AbsoluteIri iri) {
        String text = byIri.get(iri.toString());
        return () -> {
            if (text == null) {
                throw new IOException("no contract " + iri + " in the catalog");
            }
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static String iri(String spec) {
        return BASE + spec + ".yaml";
    }

    /** RFC 6901 (networknt's own rendering also rewrites control characters in a name). */
    private static String pointer(JsonNodePath location) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            pointer.append('/').append(escape(String.valueOf(location.getElement(i))));
        }
        return pointer.toString();
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
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
