package cn.smedt.api.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The partner API contracts (OpenAPI 3 files under {@code openapi/} on the classpath, listed in
 * {@code openapi/catalog.txt}): finds the operation a request calls and checks the request against it. The same
 * files are served to partners, so what is documented is exactly what is enforced.
 */
public final class ContractCatalog {

    /** Deepest JSON nesting accepted in a request body. */
    public static final int MAX_DEPTH = 32;

    private static final String ROOT = "openapi/";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,18}(\\.[0-9]{1,18})?");
    /** Duplicate keys refused; decimals parsed exactly (BigDecimal nodes, never binary doubles). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final Map<String, String> texts;
    private final Map<String, JsonNode> documents;
    private final List<Route> routes;
    private final ContractSchemas schemas;
    private final Map<String, Compiled> compiled = new LinkedHashMap<>();

    private record Route(Pattern pattern, List<String> names, ContractOperation operation) {
    }

    /** An operation's schemas, compiled once when the catalog loads. */
    private record Compiled(JsonSchema body, Map<String, JsonSchema> path, Map<String, JsonSchema> query) {
    }

    /** An OpenAPI object after following its $ref: the contract it is in, its JSON pointer there, the object. */
    private record Located(String spec, String pointer, JsonNode node) {
    }

    private ContractCatalog(Map<String, String> texts, Map<String, JsonNode> documents) {
        this.texts = texts;
        this.documents = documents;
        this.schemas = new ContractSchemas(texts, documents);
        List<Route> found = new ArrayList<>();
        documents.forEach((spec, document) -> found.addAll(routesOf(spec, document)));
        found.sort(Comparator.comparingInt((Route r) -> r.names().size())
                .thenComparing(r -> r.operation().pathTemplate()));
        this.routes = List.copyOf(found);
        requireUniqueOperationIds();
    }

    /** The contracts shipped in this module. */
    public static ContractCatalog loadDefault() {
        return load(ContractCatalog.class.getClassLoader());
    }

    /** The contracts listed in {@code openapi/catalog.txt} of this class loader. */
    public static ContractCatalog load(ClassLoader loader) {
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        YAMLMapper yaml = new YAMLMapper();
        for (String name : resource(loader, ROOT + "catalog.txt").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList()) {
            String text = resource(loader, ROOT + name + ".yaml");
            try {
                texts.put(name, text);
                documents.put(name, yaml.readTree(text));
            } catch (JsonProcessingException e) {
                throw new ContractDefinitionException("contract " + name + ".yaml is not valid YAML", e);
            }
        }
        return new ContractCatalog(texts, documents);
    }

    /** Names of the contract files, in catalog order. */
    public List<String> specNames() {
        return List.copyOf(texts.keySet());
    }

    /** The YAML text of a contract, as served to partners. */
    public String specText(String name) {
        String text = texts.get(name);
        if (text == null) {
            throw new ContractDefinitionException("no contract named " + name);
        }
        return text;
    }

    /** Every operation of every contract (path parameters empty). */
    public List<ContractOperation> operations() {
        return routes.stream().map(Route::operation).toList();
    }

    /** The operation a request calls, with its path parameters; empty when no contract has it. */
    public Optional<ContractOperation> match(String method, String path) {
        return match(method, path, null);
    }

    /**
     * The operation a request calls, with its path parameters and the query parameters of {@code rawQuery} (the
     * request's query string without '?', may be null); empty when no contract has it.
     */
    public Optional<ContractOperation> match(String method, String path, String rawQuery) {
        String upper = method.toUpperCase(Locale.ROOT);
        for (Route route : routes) {
            if (!route.operation().method().equals(upper)) {
                continue;
            }
            Matcher matcher = route.pattern().matcher(path);
            if (matcher.matches()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) {
                    values.put(route.names().get(i), decode(matcher.group(i + 1)));
                }
                return Optional.of(route.operation().withRequest(values, query(rawQuery)));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks path and query parameters, the media type and (for JSON) the body against the operation. An empty list
     * means the request keeps its contract.
     */
    public List<Violation> validate(ContractOperation operation, String contentType, byte[] body) {
        return check(operation, contentType, body).violations();
    }

    /**
     * The outcome of {@link #check}: the violations, and the body as parsed for the check (a missing node when the
     * operation takes no JSON body or the body could not be parsed), so that nobody parses it again.
     *
     * @param violations what the request breaks, empty when it is valid
     * @param body       the parsed JSON body, or a missing node
     */
    public record Checked(List<Violation> violations, JsonNode body) {
    }

    /** Like {@link #validate}, also giving the body as parsed (decimals exact) for the caller to use. */
    public Checked check(ContractOperation operation, String contentType, byte[] body) {
        Compiled schemasOf = compiledOf(operation);
        List<Violation> violations = parameterViolations(operation, schemasOf);
        if (operation.requestContentTypes().isEmpty()) {
            return new Checked(violations, MissingNode.getInstance());
        }
        String mediaType = mediaType(contentType);
        if (!operation.requestContentTypes().contains(mediaType)) {
            violations.add(new Violation("media-type-unsupported", "", "Content-Type '" + contentType
                    + "' is not accepted; send one of " + operation.requestContentTypes()));
            return new Checked(violations, MissingNode.getInstance());
        }
        if (!operation.acceptsJson(mediaType) || operation.bodySchema() == null && (body == null || body.length == 0)) {
            return new Checked(violations, MissingNode.getInstance());
        }
        Optional<JsonNode> parsed = parse(body, violations);
        if (operation.bodySchema() != null) { // JSON without a schema: parsed for the handler, well-formedness checked
            parsed.ifPresent(json -> violations.addAll(schemas.check(schemasOf.body(), json)));
        }
        return new Checked(violations, parsed.orElse(MissingNode.getInstance()));
    }

    /**
     * Checks a record that is already parsed (a line of a batch upload) as the {@code application/json} body of the
     * operation: the violations {@link #check} gives for the record sent alone, without writing and parsing it again.
     */
    public Checked check(ContractOperation operation, JsonNode record) {
        Compiled schemasOf = compiledOf(operation);
        List<Violation> violations = parameterViolations(operation, schemasOf);
        if (operation.requestContentTypes().isEmpty()) {
            return new Checked(violations, MissingNode.getInstance());
        }
        if (!operation.requestContentTypes().contains("application/json")) {
            violations.add(new Violation("media-type-unsupported", "", "Content-Type 'application/json' is not"
                    + " accepted; send one of " + operation.requestContentTypes()));
            return new Checked(violations, MissingNode.getInstance());
        }
        if (nesting(record) > MAX_DEPTH) {
            violations.add(tooDeep());
            return new Checked(violations, MissingNode.getInstance());
        }
        if (operation.bodySchema() != null) {
            violations.addAll(schemas.check(schemasOf.body(), record));
        }
        return new Checked(violations, record);
    }

    private Compiled compiledOf(ContractOperation operation) {
        Compiled schemasOf = compiled.get(operation.operationId());
        if (schemasOf == null) {
            throw new ContractDefinitionException("operation " + operation.operationId() + " is in no contract of"
                    + " this catalog");
        }
        return schemasOf;
    }

    private List<Violation> parameterViolations(ContractOperation operation, Compiled schemasOf) {
        List<Violation> violations = new ArrayList<>();
        operation.pathParams().forEach((name, value) -> schemas.check(schemasOf.path().get(name),
                JSON.getNodeFactory().textNode(value)).forEach(v -> violations.add(new Violation(
                        "path-parameter-invalid", "#/path/" + name,
                        "path parameter " + name + " '" + value + "': " + v.detail()))));
        validateQuery(operation, schemasOf, violations);
        return violations;
    }

    /** How deep containers nest in a tree: 0 for a value, 1 for an object or array of values. */
    private static int nesting(JsonNode node) {
        if (!node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, nesting(child));
            if (deepest > MAX_DEPTH) {
                break;
            }
        }
        return deepest + 1;
    }

    private static Violation tooDeep() {
        return new Violation("json-too-deep", "", "JSON nests deeper than " + MAX_DEPTH + " levels");
    }

    private void validateQuery(ContractOperation operation, Compiled schemasOf, List<Violation> violations) {
        for (String name : operation.requiredQueryParams()) {
            if (!operation.queryParams().containsKey(name)) {
                violations.add(new Violation("query-parameter-invalid", "#/query/" + ContractSchemas.escape(name),
                        "query parameter " + name + " is required"));
            }
        }
        operation.queryParams().forEach((name, values) -> {
            String pointer = "#/query/" + ContractSchemas.escape(name);
            JsonSchema schema = schemasOf.query().get(name);
            if (schema == null) {
                violations.add(new Violation("query-parameter-unknown", pointer, "'" + name + "' is not a query"
                        + " parameter of " + operation.operationId() + (operation.queryParamSchemas().isEmpty()
                        ? ", which takes none" : "; allowed: " + String.join(", ",
                        operation.queryParamSchemas().keySet().stream().sorted().toList()))));
                return;
            }
            if (values.size() > 1) {
                violations.add(new Violation("query-parameter-invalid", pointer, "query parameter " + name
                        + " is given " + values.size() + " times; give it once"));
                return;
            }
            String value = values.get(0);
            schemas.check(schema, typed(schema, value)).forEach(v -> violations.add(new Violation(
                    "query-parameter-invalid", pointer, "query parameter " + name + " '" + value + "': "
                    + v.detail())));
        });
    }

    /** A query value as the JSON value its schema's type expects, so "10" is the integer 10; text otherwise. */
    private static JsonNode typed(JsonSchema schema, String value) {
        String type = ContractSchemas.type(schema);
        if (type.equals("integer") && INTEGER.matcher(value).matches()) {
            return JSON.getNodeFactory().numberNode(new BigInteger(value));
        }
        if (type.equals("number") && NUMBER.matcher(value).matches()) {
            return JSON.getNodeFactory().numberNode(new BigDecimal(value));
        }
        if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
            return JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value));
        }
        return JSON.getNodeFactory().textNode(value);
    }

    /** Query parameters of a raw query string, decoded ('+' stays '+', as in RFC 3986), in the order given. */
    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        params.replaceAll((name, values) -> List.copyOf(values));
        return params;
    }

    private static Optional<JsonNode> parse(byte[] body, List<Violation> violations) {
        if (body == null || body.length == 0) {
            violations.add(new Violation("json-malformed", "", "the body is empty; a JSON object is expected"));
            return Optional.empty();
        }
        try (JsonParser parser = JSON.createParser(body)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart() && ++depth > MAX_DEPTH) {
                    violations.add(tooDeep());
                    return Optional.empty();
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            return Optional.of(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            violations.add(new Violation("json-malformed", "", "the body is not well-formed JSON: "
                    + e.getOriginalMessage()));
            return Optional.empty();
        } catch (IOException e) {
            violations.add(new Violation("json-malformed", "", "the body cannot be read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private List<Route> routesOf(String spec, JsonNode document) {
        String prefix = document.path("servers").path(0).path("url").asText("");
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        List<Route> found = new ArrayList<>();
        String base = prefix;
        document.path("paths").fields().forEachRemaining(path -> {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    found.add(route(spec, base + path.getKey(), method.toUpperCase(Locale.ROOT), operation,
                            "/paths/" + ContractSchemas.escape(path.getKey()), path.getValue()));
                }
            }
        });
        return found;
    }

    private Route route(String spec, String template, String method, JsonNode operation, String pathPointer,
                        JsonNode pathItem) {
        String operationId = operation.path("operationId").asText(null);
        String where = spec + ".yaml " + method + " " + template;
        if (operationId == null) {
            throw new ContractDefinitionException(where + " has no operationId");
        }
        Map<String, JsonNode> pathSchemas = new LinkedHashMap<>();
        Map<String, JsonNode> querySchemas = new LinkedHashMap<>();
        Map<String, JsonSchema> pathCompiled = new LinkedHashMap<>();
        Map<String, JsonSchema> queryCompiled = new LinkedHashMap<>();
        List<String> requiredQuery = new ArrayList<>();
        List<Located> parameters = new ArrayList<>();
        String operationPointer = pathPointer + "/" + method.toLowerCase(Locale.ROOT);
        for (String at : List.of(pathPointer, operationPointer)) {
            JsonNode declared = documents.get(spec).at(at).path("parameters");
            for (int i = 0; i < declared.size(); i++) {
                parameters.add(resolve(new Located(spec, at + "/parameters/" + i, declared.get(i))));
            }
        }
        for (Located located : parameters) {
            String in = located.node().path("in").asText();
            String name = located.node().path("name").asText();
            JsonNode schema = located.node().path("schema");
            String schemaPointer = located.pointer() + "/schema";
            if ("path".equals(in)) {
                pathCompiled.put(name, schemas.compile(located.spec(), schemaPointer, where + " path parameter"));
                pathSchemas.put(name, absolute(located.spec(), schema));
            } else if ("query".equals(in)) {
                JsonSchema compiledQuery = schemas.compile(located.spec(), schemaPointer,
                        where + " query parameter " + name);
                String type = ContractSchemas.type(compiledQuery);
                if (!Set.of("string", "integer", "number", "boolean").contains(type)) {
                    throw new ContractDefinitionException(where + " query parameter " + name + ": type " + type
                            + " is not enforced (string, integer, number or boolean)");
                }
                queryCompiled.put(name, compiledQuery);
                querySchemas.put(name, absolute(located.spec(), schema));
                if (located.node().path("required").asBoolean(false)) {
                    requiredQuery.add(name);
                }
            }
        }
        List<String> names = new ArrayList<>();
        Matcher placeholders = Pattern.compile("\\{([^}/]+)}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (placeholders.find()) {
            regex.append(Pattern.quote(template.substring(last, placeholders.start()))).append("([^/]+)");
            names.add(placeholders.group(1));
            last = placeholders.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        for (String name : names) {
            if (!pathSchemas.containsKey(name)) {
                throw new ContractDefinitionException(where + " declares no path parameter " + name);
            }
        }
        List<String> contentTypes = new ArrayList<>();
        JsonNode bodySchema = null;
        JsonSchema bodyCompiled = null;
        JsonNode content = operation.path("requestBody").path("content");
        for (var type : (Iterable<Map.Entry<String, JsonNode>>) content::fields) {
            contentTypes.add(type.getKey());
            if (type.getKey().equals("application/json")) {
                bodySchema = absolute(spec, type.getValue().path("schema"));
                bodyCompiled = schemas.compile(spec, operationPointer + "/requestBody/content/"
                        + ContractSchemas.escape(type.getKey()) + "/schema", where + " request body");
            }
        }
        JsonNode region = operation.get("x-region");
        RegionRule rule = region == null ? null
                : new RegionRule(region.path("pointer").asText(null), region.path("enterpriseOf").asText(null),
                        region.path("recordId").asText(null), region.path("enterpriseIn").asText(null));
        ContractOperation op = new ContractOperation(spec, operationId, method, template, Map.of(),
                operation.path("x-scope").asText(null), rule, WRITES.contains(method), List.copyOf(contentTypes),
                bodySchema, Map.copyOf(pathSchemas), Map.of(), Map.copyOf(querySchemas), List.copyOf(requiredQuery));
        compiled.put(operationId, new Compiled(bodyCompiled, Map.copyOf(pathCompiled), Map.copyOf(queryCompiled)));
        return new Route(Pattern.compile(regex.toString()), List.copyOf(names), op);
    }

    /** Follows the $ref of an OpenAPI object (a parameter) into its contract, e.g. common.yaml#/components/... */
    private Located resolve(Located object) {
        Located current = object;
        for (int hops = 0; current.node().has("$ref"); hops++) {
            String ref = current.node().get("$ref").asText();
            if (hops > 20) {
                throw new ContractDefinitionException("$ref cycle at " + ref + " in " + object.spec());
            }
            int hash = ref.indexOf('#');
            if (hash < 0) {
                throw new ContractDefinitionException("$ref '" + ref + "' in " + current.spec() + " has no #fragment");
            }
            String spec = hash == 0 ? current.spec() : ref.substring(0, hash).replaceFirst("\\.ya?ml$", "");
            JsonNode document = documents.get(spec);
            if (document == null) {
                throw new ContractDefinitionException("$ref '" + ref + "' names an unknown contract " + spec);
            }
            String pointer = ref.substring(hash + 1);
            current = new Located(spec, pointer, document.at(pointer));
            if (current.node().isMissingNode()) {
                throw new ContractDefinitionException("$ref '" + ref + "' in " + object.spec() + " points to nothing");
            }
        }
        return current;
    }

    /** Rewrites a local {@code #/...} $ref so the schema can be checked from any contract. */
    private static JsonNode absolute(String spec, JsonNode schema) {
        if (schema.has("$ref") && schema.get("$ref").asText().startsWith("#")) {
            return JSON.createObjectNode().put("$ref", spec + ".yaml" + schema.get("$ref").asText());
        }
        return schema;
    }

    private void requireUniqueOperationIds() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (Route route : routes) {
            String previous = seen.put(route.operation().operationId(), route.operation().specName());
            if (previous != null) {
                throw new ContractDefinitionException("operationId " + route.operation().operationId()
                        + " appears twice (" + previous + ", " + route.operation().specName() + ")");
            }
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new ContractDefinitionException("contract resource " + name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ContractDefinitionException("cannot read " + name, e);
        }
    }
}
