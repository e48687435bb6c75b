package cn.smedt.hub.progress;

import cn.smedt.hub.kernel.ConnectorHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The dashboard's health panel of this node, from the mechanisms that already measure it (docs/metrics.md): each
 * connector as its {@link ConnectorHealth} reports it (the source of metric {@code hub.connector.up}); each broker
 * queue's depth and dead letters from the broker's own meters ({@code artemis.message.count}: the dead letters of
 * queue {@code q} are the depth of {@code DLQ.q}); and per delivery target (government platform, partners) the
 * delivery log of the outbox: deliveries made, pending (never attempted) and retrying (an attempt failed; a
 * dead-lettered delivery stays retrying until replayed), the last success and the last failed attempt.
 */
@Component
class DashboardHealth {

    private static final String DEPTH = "artemis.message.count";
    private static final String DEAD_LETTER_PREFIX = "DLQ.";

    private final ObjectProvider<ConnectorHealth> connectors;
    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;

    DashboardHealth(ObjectProvider<ConnectorHealth> connectors, MeterRegistry registry, JdbcTemplate jdbc) {
        this.connectors = connectors;
        this.registry = registry;
        this.jdbc = jdbc;
    }

    /** {connectors: [{name, up}], queues: [{queue, depth, deadLetters}], targets: [...]}. */
    Map<String, Object> now() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("connectors", connectors());
        health.put("queues", queues());
        health.put("targets", targets());
        return health;
    }

    private List<Map<String, Object>> connectors() {
        Map<String, Boolean> all = new TreeMap<>();
        connectors.orderedStream().forEach(feature -> all.putAll(feature.connectors()));
        List<Map<String, Object>> rows = new ArrayList<>();
        all.forEach((name, up) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("up", up);
            rows.add(row);
        });
        return rows;
    }

    private List<Map<String, Object>> queues() {
        Map<String, Long> depth = new TreeMap<>();
        for (Gauge gauge : registry.find(DEPTH).gauges()) {
            String queue = gauge.getId().getTag("queue");
            if (queue != null && !queue.startsWith("$") && !queue.contains("activemq.notifications")) {
                depth.merge(queue, (long) gauge.value(), Long::sum);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        depth.forEach((queue, count) -> {
            if (!queue.startsWith(DEAD_LETTER_PREFIX)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("queue", queue);
                row.put("depth", count);
                row.put("deadLetters", depth.getOrDefault(DEAD_LETTER_PREFIX + queue, 0L));
                rows.add(row);
            }
        });
        return rows;
    }

    private List<Map<String, Object>> targets() {
        List<Map<String, Object>> rows = new ArrayList<>();
        jdbc.query("select target,"
                + " sum(case when status = 'DELIVERED' then 1 else 0 end),"
                + " sum(case when status = 'PENDING' then 1 else 0 end),"
                + " sum(case when status = 'RETRYING' then 1 else 0 end),"
                + " max(case when status = 'DELIVERED' then updated_at end),"
                + " max(case when status = 'RETRYING' then updated_at end)"
                + " from outbox where target is not null group by target order by target", rs -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("target", rs.getString(1));
                    row.put("delivered", rs.getLong(2));
                    row.put("pending", rs.getLong(3));
                    row.put("retrying", rs.getLong(4));
                    row.put("lastSuccess", instant(rs.getTimestamp(5)));
                    row.put("lastFailure", instant(rs.getTimestamp(6)));
                    rows.add(row);
                });
        return rows;
    }

    private static String instant(Timestamp at) {
        return at == null ? null : at.toInstant().toString();
    }
}
