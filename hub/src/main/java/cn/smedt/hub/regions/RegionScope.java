package cn.smedt.hub.regions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The region codes that lie inside a region, as a SQL condition on a region column: the codes sharing the region's
 * prefix (province 41, city 4101, county 410181; a hub-local zone id: the whole id) and, named one by one, the
 * catalogue's regions inside it that do not share it (a development zone with a hub-local id such as X41ZDX 郑东新区,
 * whose ancestors are 410100 and 410000). Built by {@link RegionDirectory#scope}; portable SQL (a {@code like} and an
 * {@code in} list).
 *
 * @param region the region asked for
 * @param prefix the code prefix of the regions inside it
 * @param others the catalogue's regions inside it whose code does not start with {@code prefix}, in catalogue order
 */
public record RegionScope(String region, String prefix, List<String> others) {

    public RegionScope {
        others = List.copyOf(others);
    }

    /** The prefix the codes inside a region share; a code that is not six digits (a hub-local id): the code itself. */
    static String prefixOf(String region) {
        if (!region.matches("[0-9]{6}")) {
            return region;
        }
        return region.endsWith("0000") ? region.substring(0, 2) : region.endsWith("00") ? region.substring(0, 4) : region;
    }

    /** True when {@code code} lies inside the region (or is it). */
    public boolean contains(String code) {
        return code != null && (code.startsWith(prefix) || others.contains(code));
    }

    /**
     * The condition that {@code column} (an SQL expression) holds a code inside the region:
     * {@code (column like ? or column in (?, ...))}; its placeholders take {@link #arguments}.
     */
    public String condition(String column) {
        if (others.isEmpty()) {
            return "(" + column + " like ?)";
        }
        return "(" + column + " like ? or " + column + " in (" + String.join(", ", Collections.nCopies(others.size(),
                "?")) + "))";
    }

    /**
     * The values of a statement's placeholders when this scope's {@link #condition} holds its first ones and
     * {@code following} the rest.
     */
    public Object[] arguments(Object... following) {
        List<Object> all = new ArrayList<>();
        all.add(prefix + "%");
        all.addAll(others);
        all.addAll(Arrays.asList(following));
        return all.toArray();
    }
}
