package cn.smedt.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.identifiers.Uscc;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples of the contracts are what the API docs page shows partners: each must be a request the hub accepts.
 * For every operation the request built from the examples (of each path and query parameter and of each media type
 * of the request body, which all must have one) goes through the hub's contract check
 * ({@link ContractCatalog#validate}); each line of a batch example goes through the check of its single-record
 * operation, as the hub does with a batch. The examples also keep the rules beyond the schema that an example can
 * break by itself: USCC check characters, dates in order and not in the future, score parts adding up to the total
 * with at most 2 decimals, no category, scenario or app listed twice.
 */
class ContractExamplesTest {

    private static final ContractCatalog CATALOG = ContractCatalog.loadDefault();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Map<String, JsonNode> DOCUMENTS = documents();
    private static final List<String> SCORE_PARTS = List.of("equipmentAndSystems", "dataCollection",
            "informationSystems", "security", "management", "effect");
    /** Dates the hub refuses when they lie after today in China (date-in-future). */
    private static final Set<String> NOT_IN_FUTURE = Set.of("assessedOn", "acceptedOn", "reportedOn");
    /** Fields that identify an item of a list, which the hub refuses twice in one list (field-duplicate). */
    private static final Set<String> ITEM_KEYS = Set.of("category", "scenario", "appId", "deviceId");

    static Stream<Named<ContractOperation>> operations() {
        return CATALOG.operations().stream().map(op -> Named.of(op.operationId(), op));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void theRequestOfTheExamplesKeepsTheContract(ContractOperation template) throws IOException {
        JsonNode operation = operationNode(template);
        Map<String, String> examples = parameterExamples(template, operation);
        ContractOperation matched = requestOf(template, examples);
        examples.forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).endsWith("uscc")) {
                assertThat(Uscc.problem(value)).as(template.operationId() + " parameter " + name).isNull();
            }
        });
        JsonNode content = operation.path("requestBody").path("content");
        if (content.isEmpty()) {
            assertThat(CATALOG.validate(matched, null, new byte[0])).as(template.operationId()).isEmpty();
            return;
        }
        for (var type : (Iterable<Map.Entry<String, JsonNode>>) content::fields) {
            String where = template.operationId() + " " + type.getKey();
            JsonNode example = type.getValue().get("example");
            assertThat(example).as(where + " has no example").isNotNull();
            byte[] body = example.isTextual() ? example.asText().getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(example);
            assertThat(CATALOG.validate(matched, type.getKey(), body)).as(where).isEmpty();
            if (matched.acceptsJson(type.getKey())) {
                keepsTheRulesBeyondTheSchema(where, JSON.readTree(body));
            } else {
                List<ObjectNode> records = records(where, type.getKey(), example.asText());
                assertThat(records).as(where + " has no record").isNotEmpty();
                for (ObjectNode record : records) {
                    keepsTheRulesBeyondTheSchema(where + " " + record, record);
                    assertThat(validateAsSingleRecord(template.operationId(), record)).as(where + " " + record)
                            .isEmpty();
                }
            }
        }
    }

    /** The matched operation of the request the parameter examples make. */
    private static ContractOperation requestOf(ContractOperation template, Map<String, String> examples) {
        String path = template.pathTemplate();
        List<String> query = new ArrayList<>();
        for (Map.Entry<String, String> example : examples.entrySet()) {
            String placeholder = "{" + example.getKey() + "}";
            if (template.pathParamSchemas().containsKey(example.getKey())) {
                path = path.replace(placeholder, URLEncoder.encode(example.getValue(), StandardCharsets.UTF_8));
            } else if (template.queryParamSchemas().containsKey(example.getKey())) {
                query.add(example.getKey() + "=" + URLEncoder.encode(example.getValue(), StandardCharsets.UTF_8));
            }
        }
        assertThat(path).as(template.operationId() + ": a path parameter has no example").doesNotContain("{");
        String request = path;
        ContractOperation matched = CATALOG.match(template.method(), path, query.isEmpty() ? null
                : String.join("&", query)).orElseThrow(() -> new AssertionError(template.operationId()
                + ": no operation for " + request));
        assertThat(matched.operationId()).isEqualTo(template.operationId());
        return matched;
    }

    /** A batch line checked as the hub checks it (loans: LoanBatches; cloud adoption: CloudAdoptionBatches). */
    private static List<Violation> validateAsSingleRecord(String batchOperationId, ObjectNode line)
            throws JsonProcessingException {
        ObjectNode record = line.deepCopy();
        String single = switch (batchOperationId) {
            case "submitCloudAdoptionBatch" -> "submitCloudAdoption";
            case "submitLoanBatch" -> {
                String type = record.has("recordType") ? record.remove("recordType").asText() : "LOAN";
                if ("INTEREST_PERIOD".equals(type)) {
                    record.remove("bankLoanId");
                    yield "submitInterestPeriod";
                }
                assertThat(type).as("recordType of " + line).isEqualTo("LOAN");
                yield "submitLoan";
            }
            default -> throw new AssertionError(batchOperationId + " takes a batch: name the operation of its"
                    + " records here");
        };
        ContractOperation template = CATALOG.operations().stream().filter(op -> op.operationId().equals(single))
                .findFirst().orElseThrow();
        ContractOperation operation = requestOf(template, parameterExamples(template, operationNode(template)));
        return CATALOG.validate(operation, "application/json", JSON.writeValueAsBytes(record));
    }

    /** The records of a batch example: NDJSON lines, or CSV rows under a header row (empty cells are absent). */
    private static List<ObjectNode> records(String where, String mediaType, String example)
            throws JsonProcessingException {
        List<String> lines = example.lines().filter(line -> !line.isBlank()).toList();
        List<ObjectNode> records = new ArrayList<>();
        if (mediaType.equals("text/csv")) {
            assertThat(example).as(where + ": this test reads CSV without quoting").doesNotContain("\"");
            List<String> header = List.of(lines.get(0).split(",", -1));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                assertThat(cells).as(where + " row " + line).hasSameSizeAs(header);
                ObjectNode record = JSON.createObjectNode();
                for (int i = 0; i < cells.length; i++) {
                    if (!cells[i].isEmpty()) {
                        record.put(header.get(i), cells[i]);
                    }
                }
                records.add(record);
            }
            return records;
        }
        assertThat(mediaType).as(where).isEqualTo("application/x-ndjson");
        for (String line : lines) {
            records.add((ObjectNode) JSON.readTree(line));
        }
        return records;
    }

    private static void keepsTheRulesBeyondTheSchema(String where, JsonNode body) {
        dateInOrder(where, body, "startDate", "maturityDate");
        dateInOrder(where, body, "periodStart", "periodEnd");
        if (body.has("failedAfter") && body.has("failedBefore")) {
            assertThat(body.get("failedAfter").asText()).as(where + " failedAfter")
                    .isLessThan(body.get("failedBefore").asText());
        }
        JsonNode scores = body.path("scores");
        if (scores.isObject()) {
            BigDecimal sum = BigDecimal.ZERO;
            for (String part : SCORE_PARTS) {
                sum = sum.add(scores.path(part).decimalValue());
            }
            assertThat(sum).as(where + " the score parts add up to total")
                    .isEqualByComparingTo(scores.path("total").decimalValue());
            scores.forEach(score -> assertThat(score.decimalValue().stripTrailingZeros().scale())
                    .as(where + " score " + score).isLessThanOrEqualTo(2));
        }
        walk(where, "", body);
    }

    private static void walk(String where, String pointer, JsonNode node) {
        if (node.isArray()) {
            Map<String, Set<String>> seen = new LinkedHashMap<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                for (String key : ITEM_KEYS) {
                    if (item.has(key)) {
                        boolean first = seen.computeIfAbsent(key, k -> new HashSet<>()).add(item.get(key).asText());
                        assertThat(first).as(where + " " + pointer + ": " + key + " " + item.get(key) + " listed twice")
                                .isTrue();
                    }
                }
                walk(where, pointer + "/" + i, item);
            }
        }
        node.fields().forEachRemaining(field -> {
            String name = field.getKey();
            String at = pointer + "/" + name;
            if (field.getValue().isTextual() && name.toLowerCase(Locale.ROOT).endsWith("uscc")) {
                assertThat(Uscc.problem(field.getValue().asText())).as(where + " " + at).isNull();
            }
            if (NOT_IN_FUTURE.contains(name)) {
                assertThat(LocalDate.parse(field.getValue().asText())).as(where + " " + at)
                        .isBeforeOrEqualTo(LocalDate.now(ZoneId.of("Asia/Shanghai")));
            }
            walk(where, at, field.getValue());
        });
    }

    private static void dateInOrder(String where, JsonNode body, String first, String later) {
        if (body.has(first) && body.has(later)) {
            assertThat(LocalDate.parse(body.get(later).asText())).as(where + " " + later + " after " + first)
                    .isAfter(LocalDate.parse(body.get(first).asText()));
        }
    }

    /** The example of each path and query parameter; every one must have an example of its own. */
    private static Map<String, String> parameterExamples(ContractOperation template, JsonNode operation) {
        List<JsonNode> parameters = new ArrayList<>();
        pathItem(template).path("parameters").forEach(parameters::add);
        operation.path("parameters").forEach(parameters::add);
        Map<String, String> examples = new LinkedHashMap<>();
        for (JsonNode reference : parameters) {
            JsonNode parameter = referenced(template.specName(), reference);
            String in = parameter.path("in").asText();
            if (in.equals("path") || in.equals("query")) {
                String name = parameter.path("name").asText();
                assertThat(parameter.has("example")).as(template.operationId() + " " + in + " parameter " + name
                        + " has no example").isTrue();
                examples.put(name, parameter.get("example").asText());
            }
        }
        return examples;
    }

    private static JsonNode operationNode(ContractOperation template) {
        JsonNode operation = pathItem(template).path(template.method().toLowerCase(Locale.ROOT));
        assertThat(operation.isObject()).as(template.operationId()).isTrue();
        return operation;
    }

    private static JsonNode pathItem(ContractOperation template) {
        JsonNode document = DOCUMENTS.get(template.specName());
        String prefix = document.path("servers").path(0).path("url").asText("").replaceFirst("/$", "");
        return document.path("paths").path(template.pathTemplate().substring(prefix.length()));
    }

    /** A parameter, or the one its {@code $ref} names (in this contract or, before the '#', another file). */
    private static JsonNode referenced(String spec, JsonNode parameter) {
        String ref = parameter.path("$ref").asText("");
        if (ref.isEmpty()) {
            return parameter;
        }
        String file = ref.substring(0, ref.indexOf('#'));
        JsonNode found = DOCUMENTS.get(file.isEmpty() ? spec : file.replaceFirst("\\.yaml$", ""))
                .at(ref.substring(ref.indexOf('#') + 1));
        assertThat(found.isObject()).as("$ref " + ref).isTrue();
        return found;
    }

    private static Map<String, JsonNode> documents() {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (String name : CATALOG.specNames()) {
            try {
                documents.put(name, YAML.readTree(CATALOG.specText(name)));
            } catch (JsonProcessingException e) {
                throw new AssertionError("contract " + name + " does not parse", e);
            }
        }
        return documents;
    }
}
