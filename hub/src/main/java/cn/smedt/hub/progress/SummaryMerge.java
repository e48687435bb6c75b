package cn.smedt.hub.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Adds a child node's progress summary into this node's: counts and amounts add up (amounts are decimal strings,
 * added as BigDecimal), targets take the larger (both nodes read them from the same packs), maps merge key by key
 * (the {@code projects} counts add up status by status; a child without them adds nothing), texts stay this node's.
 * Ratios are not additive: the online rate is recomputed from devices online / known; utilisation and OEE of a
 * rolled-up region are null (they stay in each node's own summary). Deliveries are each node's own operational state
 * and are not added.
 */
final class SummaryMerge {

    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Set<String> NOT_ADDED = Set.of("region", "regionName", "asOf", "transformedMinLevel",
            "deliveries", "children", "windowMinutes");
    private static final Set<String> RATIOS = Set.of("onlineRate", "utilisation", "oee");

    private SummaryMerge() {
    }

    /** Adds {@code child} into {@code into} (changed in place). */
    static void add(Map<String, Object> into, Map<String, Object> child) {
        merge(into, child);
        if (into.get("devices") instanceof Map<?, ?> devices) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) devices;
            long known = number(d.get("known")).longValue();
            long online = number(d.get("online")).longValue();
            d.put("onlineRate", known == 0 ? null : BigDecimal.valueOf(online)
                    .divide(BigDecimal.valueOf(known), 4, RoundingMode.HALF_UP));
            d.put("utilisation", null);
            d.put("oee", null);
        }
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> child) {
        for (Map.Entry<String, Object> entry : child.entrySet()) {
            String key = entry.getKey();
            Object theirs = entry.getValue();
            if (NOT_ADDED.contains(key) || RATIOS.contains(key) || theirs == null) {
                continue;
            }
            Object ours = into.get(key);
            if (theirs instanceof Map<?, ?> theirMap) {
                Map<String, Object> target = ours instanceof Map<?, ?> ourMap ? (Map<String, Object>) ourMap
                        : new LinkedHashMap<>();
                merge(target, (Map<String, Object>) theirMap);
                into.put(key, target);
            } else if (theirs instanceof Number theirNumber) {
                BigDecimal a = ours instanceof Number n ? number(n) : BigDecimal.ZERO;
                BigDecimal b = number(theirNumber);
                BigDecimal result = key.toLowerCase().endsWith("target") ? a.max(b) : a.add(b);
                into.put(key, result.scale() <= 0 ? (Object) result.longValueExact() : result);
            } else if (theirs instanceof String text && DECIMAL.matcher(text).matches()
                    && (ours == null || ours instanceof String o && DECIMAL.matcher(o).matches())) {
                BigDecimal sum = new BigDecimal(text).add(ours == null ? BigDecimal.ZERO : new BigDecimal((String) ours));
                into.put(key, sum.toPlainString());
            } else {
                into.putIfAbsent(key, theirs);
            }
        }
    }

    private static BigDecimal number(Object value) {
        if (value == null) {
            return BigDecimal.ZERO;
        }
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }
}
