package cn.smedt.hub.packs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one way pack data files ({@code pack.yaml}, {@code policy.yaml}, {@code targets.yaml}, {@code mapping.yaml},
 * {@code factories/*.yaml}, {@code lpr.yaml}) are read: Jackson YAML bound into the reader's records, strictly.
 * Duplicate keys are refused, floats never become integers, decimals bind to {@link BigDecimal} from their text
 * (never through {@code double}), and dates stay text for the reader to parse. A file that does not bind raises
 * {@link PackDefinitionException} naming the file, the field path (e.g. {@code rules[0].brackets[0].rat}) and the
 * line. The line of each bound record is kept ({@link Bound#line}) so that a reader's own validation names it too.
 * (Route files are Camel YAML DSL, read by Camel.)
 */
public final class PackYaml {

    private static final String LOCATIONS = PackYaml.class.getName() + ".locations";

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(new SimpleModule("pack-yaml-locations").setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                                                              JsonDeserializer<?> deserializer) {
                    return bean.getBeanClass().isRecord() ? new Locating(deserializer) : deserializer;
                }
            }))
            .build();

    private PackYaml() {
    }

    /**
     * A bound document and where its records start.
     *
     * @param value     the document
     * @param file      where it came from, for messages
     * @param locations start of each record bound from it (by identity)
     */
    public record Bound<T>(T value, String file, Map<Object, JsonLocation> locations) {

        /** The 1-based line where {@code part} (a record of this document) starts; 0 when unknown. */
        public int line(Object part) {
            JsonLocation at = part == null ? null : locations.get(part);
            return at == null ? 0 : at.getLineNr();
        }

        /** A problem of a field of {@code part} (a record of this document), at its line. */
        public PackDefinitionException fail(Object part, String field, String problem) {
            return new PackDefinitionException(file, field, line(part), problem, null);
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
        Map<Object, JsonLocation> locations = new IdentityHashMap<>();
        try {
            T value = MAPPER.readerFor(type).withAttribute(LOCATIONS, locations).readValue(in);
            if (value == null) {
                throw new PackDefinitionException(file, "", 0, "expected a YAML mapping at the top level", null);
            }
            return new Bound<>(value, file, locations);
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

    /** Remembers where each record starts. */
    private static final class Locating extends DelegatingDeserializer {

        private static final long serialVersionUID = 1L;

        Locating(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Locating(delegate);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonLocation at = p.currentTokenLocation();
            Object value = super.deserialize(p, ctxt);
            Object locations = ctxt.getAttribute(LOCATIONS);
            if (value != null && locations instanceof Map<?, ?> map) {
                ((Map<Object, JsonLocation>) map).put(value, at);
            }
            return value;
        }
    }
}
