package cn.smedt.hub.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A node of a parsed YAML document with its path, for strict reading: every accessor names the file and the field
 * when the document does not fit. Decimals never pass through {@code double}: the resolver below leaves unquoted
 * decimals ({@code 0.40}) and dates as strings, which are then read with {@link BigDecimal} / {@code LocalDate}.
 */
final class YamlNode {

    /** Parsed value: Map, List, String, Integer/Long/BigInteger, Boolean or null. */
    private final Object value;
    /** Field path, e.g. {@code rules[1].brackets[0]}; empty at the root. */
    private final String path;
    /** Origin of the document, for messages. */
    private final String file;

    private YamlNode(Object value, String path, String file) {
        this.value = value;
        this.path = path;
        this.file = file;
    }

    /** Parses a document (UTF-8) with duplicate keys refused and no floating-point or timestamp resolution. */
    static YamlNode parse(InputStream in, String file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new ExactResolver());
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Object root = yaml.load(reader);
            if (!(root instanceof Map)) {
                throw new PolicyDefinitionException(file, "", "expected a YAML mapping at the top level");
            }
            return new YamlNode(root, "", file);
        } catch (YAMLException e) {
            throw new PolicyDefinitionException(file, "", "not valid YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PolicyDefinitionException(file, "", "cannot be read: " + e.getMessage(), e);
        }
    }

    String file() {
        return file;
    }

    String path() {
        return path;
    }

    PolicyDefinitionException fail(String problem) {
        return new PolicyDefinitionException(file, path, problem);
    }

    PolicyDefinitionException fail(String key, String problem) {
        return new PolicyDefinitionException(file, childPath(key), problem);
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map() {
        if (!(value instanceof Map)) {
            throw fail("expected a mapping");
        }
        return (Map<String, Object>) value;
    }

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isList() {
        return value instanceof List;
    }

    boolean isScalar() {
        return value != null && !(value instanceof Map) && !(value instanceof List);
    }

    /** Refuses keys other than {@code allowed}. */
    void allowOnly(String... allowed) {
        Set<String> ok = new LinkedHashSet<>(Arrays.asList(allowed));
        for (Object key : map().keySet()) {
            if (!(key instanceof String k) || !ok.contains(k)) {
                throw fail(String.valueOf(key), "unknown key (allowed here: " + String.join(", ", ok) + ")");
            }
        }
    }

    Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        map().keySet().forEach(k -> keys.add(String.valueOf(k)));
        return keys;
    }

    boolean has(String key) {
        return map().get(key) != null;
    }

    /** The child node, or a node holding null when absent. */
    YamlNode child(String key) {
        return new YamlNode(map().get(key), childPath(key), file);
    }

    YamlNode required(String key) {
        if (!has(key)) {
            throw fail(key, "missing required field");
        }
        return child(key);
    }

    String requiredString(String key) {
        return required(key).asString();
    }

    String optString(String key) {
        return has(key) ? child(key).asString() : null;
    }

    String asString() {
        if (!isScalar()) {
            throw fail("expected a text value");
        }
        String s = String.valueOf(value).trim();
        if (s.isEmpty()) {
            throw fail("must not be empty");
        }
        return s;
    }

    BigDecimal requiredDecimal(String key) {
        return required(key).asDecimal();
    }

    BigDecimal optDecimal(String key) {
        return has(key) ? child(key).asDecimal() : null;
    }

    BigDecimal asDecimal() {
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw fail("not a decimal number: " + s);
            }
        }
        throw fail("expected a decimal number, got " + (value == null ? "nothing" : value.getClass().getSimpleName()));
    }

    Integer optInt(String key) {
        if (!has(key)) {
            return null;
        }
        Object v = map().get(key);
        if (v instanceof Integer i) {
            return i;
        }
        throw fail(key, "expected an integer, got " + v);
    }

    Boolean optBool(String key) {
        if (!has(key)) {
            return null;
        }
        Object v = map().get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw fail(key, "expected true or false, got " + v);
    }

    /** Items of a list under {@code key}; empty when absent. */
    List<YamlNode> optList(String key) {
        if (!has(key)) {
            return List.of();
        }
        return child(key).items();
    }

    List<YamlNode> items() {
        if (!(value instanceof List<?> list)) {
            throw fail("expected a list");
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(new YamlNode(list.get(i), path + "[" + i + "]", file));
        }
        return out;
    }

    /** Entries of a mapping under {@code key} as (key, node) pairs; empty when absent. */
    List<Map.Entry<String, YamlNode>> optEntries(String key) {
        if (!has(key)) {
            return List.of();
        }
        YamlNode node = child(key);
        List<Map.Entry<String, YamlNode>> out = new ArrayList<>();
        for (Object k : node.map().keySet()) {
            out.add(Map.entry(String.valueOf(k), node.child(String.valueOf(k))));
        }
        return out;
    }

    /** Resolves booleans, integers and null only: decimals and dates stay text, so nothing passes through double. */
    private static final class ExactResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
