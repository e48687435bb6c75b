package cn.smedt.hub.packs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/**
 * The one way county packs address a platform's JSON (Jayway JSONPath on Jackson trees): {@code records} and each
 * field of {@code mapping.yaml}, the total, cursor and record paths of the paged source. A path may omit the leading
 * {@code $.} ({@code data.rows} is {@code $.data.rows}); a missing value reads as {@link MissingNode}.
 */
public final class PackJsonPath {

    private static final Configuration JACKSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final String text;
    private final JsonPath path;

    private PackJsonPath(String text, JsonPath path) {
        this.text = text;
        this.path = path;
    }

    /**
     * Compiles a path.
     *
     * @throws PackDefinitionException when it is not a JSONPath
     */
    public static PackJsonPath of(String text) {
        if (text == null || text.isBlank()) {
            throw new PackDefinitionException("empty JSONPath");
        }
        String full = text.startsWith("$") ? text : "$." + text;
        try {
            return new PackJsonPath(text, JsonPath.compile(full));
        } catch (InvalidPathException e) {
            throw new PackDefinitionException("'" + text + "' is not a JSONPath: " + e.getMessage());
        }
    }

    /** The value at this path in {@code document}, {@link MissingNode} when there is none. */
    public JsonNode read(JsonNode document) {
        Object found = JsonPath.using(JACKSON).parse(document).read(path);
        return found instanceof JsonNode node ? node : MissingNode.getInstance();
    }

    @Override
    public String toString() {
        return text;
    }
}
