package cn.smedt.hub.packs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one way pack data files ({@code pack.yaml}, {@code policy.yaml}, {@code targets.yaml}, {@code mapping.yaml},
 * {@code factories/*.yaml}, {@code lpr.yaml}) are read: Jackson YAML bound into the reader's records, strictly.
 * Duplicate keys are refused, floats never become integers, decimals bind to {@link BigDecimal} from their text
 * (never through {@code double}), and dates stay text for the reader to parse. A file that does not bind raises
 * {@link PackDefinitionException} naming the file, the field path (e.g. {@code rules[0].brackets[0].rat}) and the
 * line. The line of every value is kept ({@link Bound#line}) so that a reader's own validation names it too.
 * (Route files are Camel YAML DSL, read by Camel.)
 */
public final class PackYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private PackYaml() {
    }

    /**
     * A bound document and the line of each of its values.
     *
     * @param value the document
     * @param file  where it came from, for messages
     * @param lines 1-based line of each value, by JSON pointer ({@code /rules/0/base/1})
     */
    public record Bound<T>(T value, String file, Map<String, Integer> lines) {

        /**
         * The line of the value at {@code path} ({@code rules[0].base[1]}), else of its nearest enclosing value
         * (a missing field: the mapping that lacks it); 0 when unknown.
         */
        public int line(String path) {
            String pointer = pointer(path);
            while (true) {
                Integer line = lines.get(pointer);
                if (line != null) {
                    return line;
                }
                if (pointer.isEmpty()) {
                    return 0;
                }
                pointer = pointer.substring(0, pointer.lastIndexOf('/'));
            }
        }

        /** " (line n)" of the value at {@code path}, or nothing when unknown: for a reader's own messages. */
        public String atLine(String path) {
            return PackYaml.atLine(line(path));
        }

        /** A problem of the field at {@code path}, with its line. */
        public PackDefinitionException fail(String path, String problem) {
            return new PackDefinitionException(file, path, line(path), problem, null);
        }

        /** {@code rules[0].base[1]} as {@code /rules/0/base/1}. */
        private static String pointer(String path) {
            StringBuilder pointer = new StringBuilder();
            for (String segment : path.split("[.\\[\\]]+")) {
                if (!segment.isEmpty()) {
                    pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
                }
            }
            return pointer.toString();
        }
    }

    /**
     * Reads one document (UTF-8) into {@code type}.
     *
     * @param in   the document; not closed
     * @param file its origin, for messages
     * @throws PackDefinitionException when it is not YAML or does not fit {@code type}
     */
    public static <T> Bound<T> read(InputStream in, String file, Class<T> type) {
        try {
            byte[] document = in.readAllBytes();
            T value = MAPPER.readValue(document, type);
            if (value == null) {
                throw new PackDefinitionException(file, "", 0, "expected a YAML mapping at the top level", null);
            }
            return new Bound<>(value, file, lines(document));
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new PackDefinitionException(file, field, line(e.getLocation()),
                    field.isEmpty() && e instanceof MismatchedInputException && !(e instanceof InvalidFormatException)
                            ? "expected a YAML mapping at the top level" : problem(e), e);
        } catch (JsonProcessingException e) {
            throw new PackDefinitionException(file, "", line(e.getLocation()), "not valid YAML: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PackDefinitionException(file, "", 0, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The line where each value of a (valid) document starts, by JSON pointer. */
    private static Map<String, Integer> lines(byte[] document) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = MAPPER.createParser(document)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    continue;
                }
                JsonStreamContext context = token.isStructStart() ? parser.getParsingContext().getParent()
                        : parser.getParsingContext();
                String pointer = pointer(context);
                lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
            }
        }
        return lines;
    }

    /** The JSON pointer of the current value of {@code context}. */
    private static String pointer(JsonStreamContext context) {
        StringBuilder pointer = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String segment = c.inObject() ? String.valueOf(c.getCurrentName()) : String.valueOf(c.getCurrentIndex());
            pointer.insert(0, "/" + segment.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    /** " (line n)", or nothing when the line is unknown. */
    static String atLine(int line) {
        return line > 0 ? " (line " + line + ")" : "";
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    /** The field path of a binding problem: {@code rules[0].brackets[1].rate}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown key (allowed here: " + allowed(unknown.getReferringClass(), unknown.getKnownPropertyIds())
                    + ")";
        }
        if (e instanceof InvalidFormatException invalid) {
            Class<?> target = invalid.getTargetType();
            Object value = invalid.getValue();
            if (target == BigDecimal.class) {
                return "not a decimal number: " + value;
            }
            if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
                return "expected an integer, got " + value;
            }
            if (target == Boolean.class || target == boolean.class) {
                return "expected true or false, got " + value;
            }
            return "unexpected value " + value;
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            Class<?> target = mismatched.getTargetType();
            if (target == String.class) {
                return "expected a text value";
            }
            if (Collection.class.isAssignableFrom(target) || target.isArray()) {
                return "expected a list";
            }
            if (target == BigDecimal.class) {
                return "expected a decimal number";
            }
            if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
                return "expected an integer";
            }
            if (target == Boolean.class || target == boolean.class) {
                return "expected true or false";
            }
            if (target.isRecord() || Map.class.isAssignableFrom(target)) {
                return "expected a mapping";
            }
        }
        return e.getOriginalMessage();
    }

    /** The keys a record takes, in its declaration order. */
    private static String allowed(Class<?> type, Collection<Object> known) {
        if (type != null && type.isRecord()) {
            return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.joining(", "));
        }
        return known == null ? "" : known.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
