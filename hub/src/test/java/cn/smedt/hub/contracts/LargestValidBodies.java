package cn.smedt.hub.contracts;

import cn.smedt.api.contract.ContractCatalog;
import cn.smedt.api.contract.ContractOperation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import dk.brics.automaton.RegExp;
import dk.brics.automaton.SpecialOperations;
import dk.brics.automaton.State;
import dk.brics.automaton.Transition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The largest body the contracts allow for an operation, built from its request schema alone: every optional field
 * present, every array at {@code maxItems}, every string at its longest (a pattern's longest match within
 * {@code maxLength}, made of the highest characters it allows, so Money is 99999999999999.99; the longest enum
 * value; {@code maxLength} code points of free text), numbers at their {@code maximum}, dates at the largest value
 * of their format. A string, array or number the contract leaves
 * unbounded is a contract defect (storage cannot be sized for it) and fails here.
 * <p>
 * Free text mixes characters that stress storage: supplementary CJK characters (two UTF-16 units, four UTF-8 bytes;
 * H2 counts them twice in varchar(n), the contract once), BMP CJK, and the quote and backslash characters. Items of
 * one array differ ({@code variant}), so a list whose entries must be distinct (application ids, scenarios, spend
 * categories) is valid as generated. Semantic rules a schema cannot express (a USCC's check character, a region in
 * the partner's regions, start before maturity, a date not in the future) are the caller's per-operation fix-ups.
 */
final class LargestValidBodies {

    /** The largest date and date-time of their formats (RFC 3339; the offset keeps the instant in year 9999). */
    static final String MAX_DATE = "9999-12-31";
    static final String MAX_DATE_TIME = "9999-12-31T23:59:59.999999999+14:00";
    /** Free text cycles through these code points. */
    private static final int[] TEXT = "𠀀企'业𠀁\"数\\字化".codePoints().toArray();
    /** At most this many characters of one transition are candidates for variants. */
    private static final int CANDIDATES_PER_RANGE = 40;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ContractCatalog catalog;
    private final Map<String, JsonNode> documents = new LinkedHashMap<>();

    LargestValidBodies(ContractCatalog catalog) {
        this.catalog = catalog;
        YAMLMapper yaml = new YAMLMapper();
        for (String name : catalog.specNames()) {
            try {
                documents.put(name, yaml.readTree(catalog.specText(name)));
            } catch (JsonProcessingException e) {
                throw new AssertionError("contract " + name + " does not parse", e);
            }
        }
    }

    /** The operation of this id. */
    ContractOperation operation(String operationId) {
        return catalog.operations().stream().filter(op -> op.operationId().equals(operationId)).findFirst()
                .orElseThrow(() -> new AssertionError("no operation " + operationId + " in the contracts"));
    }

    /** Ids of the operations that write with a JSON request body. */
    List<String> jsonWrites() {
        return catalog.operations().stream().filter(ContractOperation::write)
                .filter(op -> op.bodySchema() != null && op.requestContentTypes().stream().anyMatch(op::acceptsJson))
                .map(ContractOperation::operationId).toList();
    }

    /** The largest request body of a JSON write. */
    ObjectNode body(String operationId) {
        ContractOperation op = operation(operationId);
        if (op.bodySchema() == null) {
            throw new AssertionError(operationId + " has no JSON request body");
        }
        return (ObjectNode) value(op.specName(), op.bodySchema(), operationId, 0);
    }

    /** The largest value of a named schema of a contract, e.g. ("loans", "InterestPeriodSubmission"). */
    ObjectNode schema(String spec, String name, int variant) {
        return (ObjectNode) value(spec, NODES.objectNode().put("$ref", "#/components/schemas/" + name), name, variant);
    }

    /** The longest string matching {@code regex} within [minLength, maxLength] (null: unbounded), variant n. */
    static String longestMatch(String regex, int minLength, Integer maxLength, int variant, String where) {
        Automaton automaton = new RegExp(brics(regex), RegExp.NONE).toAutomaton();
        Automaton lengths = maxLength == null ? BasicAutomata.makeAnyChar().repeat(minLength)
                : BasicAutomata.makeAnyChar().repeat(minLength, maxLength);
        automaton = automaton.intersection(lengths);
        automaton.determinize();
        if (automaton.isEmpty()) {
            throw new AssertionError(where + ": no string matches " + regex + " within the length bounds");
        }
        if (!SpecialOperations.isFinite(automaton)) {
            throw new AssertionError(where + ": pattern " + regex + " without maxLength has no longest match"
                    + " (unbounded in the contract)");
        }
        Map<State, Integer> longest = new HashMap<>();
        StringBuilder out = new StringBuilder();
        int rest = variant;
        State state = automaton.getInitialState();
        while (true) {
            int remaining = longest(state, longest);
            if (remaining == 0) {
                break;
            }
            List<char[]> candidates = new ArrayList<>();
            List<State> targets = new ArrayList<>();
            List<Transition> transitions = new ArrayList<>(state.getTransitions());
            transitions.sort(Comparator.comparingInt(t -> -t.getMax()));
            for (Transition t : transitions) {
                if (longest(t.getDest(), longest) == remaining - 1) {
                    for (int c = t.getMax(); c >= t.getMin() && c > t.getMax() - CANDIDATES_PER_RANGE; c--) {
                        candidates.add(new char[] {(char) c});
                        targets.add(t.getDest());
                    }
                }
            }
            int pick = rest % candidates.size();
            rest /= candidates.size();
            out.append(candidates.get(pick));
            state = targets.get(pick);
        }
        String result = out.toString();
        if (!Pattern.compile(regex).matcher(result).matches()) {
            throw new AssertionError(where + ": generated '" + result + "' does not match " + regex);
        }
        return result;
    }

    /** Longest path to an accepting state (-1: none); the automaton is acyclic once the length is bounded. */
    private static int longest(State state, Map<State, Integer> memo) {
        Integer known = memo.get(state);
        if (known != null) {
            return known;
        }
        int best = state.isAccept() ? 0 : -1;
        for (Transition t : state.getTransitions()) {
            int further = longest(t.getDest(), memo);
            if (further >= 0) {
                best = Math.max(best, further + 1);
            }
        }
        memo.put(state, best);
        return best;
    }

    /**
     * The contracts' Java regexes in dk.brics syntax: anchors dropped (every contract pattern is anchored, and brics
     * matches whole strings), {@code \xHH} as an escaped literal, a '-' ending a character class escaped.
     */
    static String brics(String regex) {
        if (!regex.startsWith("^") || !regex.endsWith("$")) {
            throw new AssertionError("pattern " + regex + " is not anchored; the checker would accept any string"
                    + " containing a match");
        }
        String body = regex.substring(1, regex.length() - 1);
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 3 < body.length() && body.charAt(i + 1) == 'x') {
                char literal = (char) Integer.parseInt(body.substring(i + 2, i + 4), 16);
                out.append('\\').append(literal);
                i += 3;
            } else if (c == '\\') {
                out.append(c).append(body.charAt(++i));
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == '-' && inClass && i + 1 < body.length() && body.charAt(i + 1) == ']') {
                out.append("\\-");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code length} code points of free text, the variant's number at its end. */
    static String freeText(int length, int variant) {
        String suffix = variant == 0 ? "" : String.valueOf(variant);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length - suffix.length(); i++) {
            out.appendCodePoint(TEXT[i % TEXT.length]);
        }
        return out.append(suffix).toString();
    }

    private JsonNode value(String spec, JsonNode schema, String where, int variant) {
        String currentSpec = spec;
        JsonNode node = schema;
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            int hash = ref.indexOf('#');
            if (hash > 0) {
                currentSpec = ref.substring(0, hash).replaceFirst("\\.ya?ml$", "");
            }
            node = documents.get(currentSpec).at(ref.substring(hash + 1));
            if (node.isMissingNode()) {
                throw new AssertionError(where + ": $ref " + ref + " points to nothing");
            }
        }
        if (node.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            node.get("enum").forEach(values::add);
            values.sort(Comparator.comparingInt((JsonNode v) -> -v.asText().codePointCount(0, v.asText().length())));
            return values.get(variant % values.size());
        }
        String type = node.path("type").asText("");
        return switch (type) {
            case "object" -> object(currentSpec, node, where, variant);
            case "array" -> array(currentSpec, node, where);
            case "string" -> NODES.textNode(string(node, where, variant));
            case "integer" -> integer(bound(node, where).longValueExact());
            case "number" -> NODES.numberNode(bound(node, where));
            case "boolean" -> NODES.booleanNode(true);
            default -> throw new AssertionError(where + ": schema without a type the generator knows: " + node);
        };
    }

    private ObjectNode object(String spec, JsonNode schema, String where, int variant) {
        ObjectNode object = NODES.objectNode();
        schema.path("properties").fields().forEachRemaining(property -> object.set(property.getKey(),
                value(spec, property.getValue(), where + "/" + property.getKey(), variant)));
        return object;
    }

    private ArrayNode array(String spec, JsonNode schema, String where) {
        if (!schema.has("maxItems")) {
            throw new AssertionError(where + ": array without maxItems (unbounded in the contract)");
        }
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < schema.get("maxItems").asInt(); i++) {
            array.add(value(spec, schema.get("items"), where + "/" + i, i));
        }
        return array;
    }

    private static String string(JsonNode schema, String where, int variant) {
        String format = schema.path("format").asText("");
        if (format.equals("date")) {
            return MAX_DATE;
        }
        if (format.equals("date-time")) {
            return MAX_DATE_TIME;
        }
        int min = schema.path("minLength").asInt(0);
        Integer max = schema.has("maxLength") ? schema.get("maxLength").asInt() : null;
        if (schema.has("pattern")) {
            return longestMatch(schema.get("pattern").asText(), min, max, variant, where);
        }
        if (max == null) {
            throw new AssertionError(where + ": string without maxLength, pattern, enum or format (unbounded in"
                    + " the contract)");
        }
        return freeText(max, variant);
    }

    /** As Jackson reads it back: an int when it fits. */
    private static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static java.math.BigDecimal bound(JsonNode schema, String where) {
        if (!schema.has("maximum")) {
            throw new AssertionError(where + ": number without maximum (unbounded in the contract)");
        }
        return schema.get("maximum").decimalValue();
    }
}
