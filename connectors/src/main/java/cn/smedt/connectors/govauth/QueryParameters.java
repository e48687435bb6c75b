package cn.smedt.connectors.govauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a URL query, decoded, in the order they appear; a name may repeat.
 *
 * <p>Parsing follows what the servers of the government platforms (Java servlet containers) do with a query:
 * split on {@code &}, name and value split at the first {@code =}, both decoded as
 * {@code application/x-www-form-urlencoded} UTF-8 ({@code %XX} sequences and {@code +} as a space). A pair without
 * {@code =} has the empty value; empty pairs ({@code a=1&&b=2}) are skipped.
 */
public final class QueryParameters {

    private static final QueryParameters EMPTY = new QueryParameters(List.of());

    private final List<Map.Entry<String, String>> entries;

    private QueryParameters(List<Map.Entry<String, String>> entries) {
        this.entries = List.copyOf(entries);
    }

    /** No parameters. */
    public static QueryParameters empty() {
        return EMPTY;
    }

    /**
     * Parses a raw (percent-encoded) query, without the leading {@code ?}; null or blank gives no parameters.
     *
     * @throws GovAuthException when a {@code %} is not followed by two hex digits
     */
    public static QueryParameters parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isBlank()) {
            return EMPTY;
        }
        List<Map.Entry<String, String>> parsed = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parsed.add(Map.entry(decode(name), decode(value)));
        }
        return new QueryParameters(parsed);
    }

    /** Already decoded parameters, one value per name, in the map's iteration order. */
    public static QueryParameters of(Map<String, String> decoded) {
        if (decoded == null || decoded.isEmpty()) {
            return EMPTY;
        }
        List<Map.Entry<String, String>> list = new ArrayList<>();
        decoded.forEach((name, value) -> list.add(Map.entry(name, value == null ? "" : value)));
        return new QueryParameters(list);
    }

    /** The decoded name/value pairs in query order (immutable). */
    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Decodes one name or value ({@code application/x-www-form-urlencoded}, UTF-8).
     *
     * @throws GovAuthException when a {@code %} is not followed by two hex digits
     */
    public static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new GovAuthException("malformed percent-encoding in query parameter '" + text + "'", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QueryParameters q && q.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
