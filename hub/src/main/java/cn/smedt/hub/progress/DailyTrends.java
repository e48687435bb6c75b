package cn.smedt.hub.progress;

import cn.smedt.hub.node.ProgrammeCalendar;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.regions.RegionScope;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The dashboard's daily trends of a region, per day in China ({@link ProgrammeCalendar#ZONE}), computed from the
 * stored facts (no snapshot table): enterprises transformed that day (their first PASSED acceptance at the pack's
 * minimum level is dated that day) and in all up to it, subsidies granted that day (decisions by their decision
 * time) and devices online that day (devices with at least one sample in a minute of that day). Enterprises count in
 * the region they are registered in now, like every figure of {@link ProgressService}.
 */
@Component
class DailyTrends {

    /** Most days one request may ask for. */
    static final int MAX_DAYS = 90;

    private final JdbcTemplate jdbc;
    private final ProgrammeCalendar calendar;
    private final ProgressService progress;
    private final RegionDirectory regions;

    DailyTrends(JdbcTemplate jdbc, ProgrammeCalendar calendar, ProgressService progress, RegionDirectory regions) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.calendar = calendar;
        this.progress = progress;
    }

    /** The last {@code days} days up to today, oldest first. */
    List<Map<String, Object>> lastDays(String region, int days) {
        int span = Math.max(1, Math.min(days, MAX_DAYS));
        LocalDate today = calendar.today();
        LocalDate first = today.minusDays(span - 1L);
        RegionScope scope = regions.scope(region);
        int minLevel = progress.transformedMinLevel(region);

        TreeMap<LocalDate, Long> transformedOn = new TreeMap<>();
        jdbc.query("select min(a.accepted_on) from acceptance a join enterprise e on e.uscc = a.uscc"
                + " where " + scope.condition("e.region_code") + " and a.outcome = 'PASSED' and a.digital_level >= ?"
                + " group by a.uscc", rs -> {
                    transformedOn.merge(rs.getDate(1).toLocalDate(), 1L, Long::sum);
                }, scope.arguments(minLevel));
        long transformedBefore = transformedOn.headMap(first).values().stream().mapToLong(Long::longValue).sum();

        Map<LocalDate, BigDecimal> granted = new TreeMap<>();
        jdbc.query("select s.decided_at, s.granted from subsidy_decision s left join enterprise e on e.uscc = s.uscc"
                + " where " + scope.condition("coalesce(e.region_code, s.region_code)")
                + " and s.decided_at >= ? and s.granted > 0", rs -> {
                    LocalDate day = rs.getTimestamp(1).toInstant().atZone(ProgrammeCalendar.ZONE).toLocalDate();
                    granted.merge(day, rs.getBigDecimal(2), BigDecimal::add);
                }, scope.arguments(Timestamp.from(start(first))));

        Map<LocalDate, Long> online = devicesOnline(scope, first, today);

        List<Map<String, Object>> rows = new ArrayList<>();
        long total = transformedBefore;
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            long transformed = transformedOn.getOrDefault(day, 0L);
            total += transformed;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("day", day.toString());
            row.put("transformed", transformed);
            row.put("transformedTotal", total);
            row.put("subsidiesGranted", granted.getOrDefault(day, BigDecimal.ZERO).setScale(2).toPlainString());
            row.put("devicesOnline", online.getOrDefault(day, 0L));
            rows.add(row);
        }
        return rows;
    }

    /**
     * The devices of the region's enterprises with a minute in each day from {@code first} to {@code last}, in one
     * query: a minute belongs to the first day whose end (the next day's start in China) it lies before.
     */
    private Map<LocalDate, Long> devicesOnline(RegionScope scope, LocalDate first, LocalDate last) {
        StringBuilder dayIndex = new StringBuilder("case");
        List<Object> arguments = new ArrayList<>();
        for (int index = 0; !first.plusDays(index).isAfter(last); index++) {
            dayIndex.append(" when m.minute_start < ? then ").append(index);
            arguments.add(Timestamp.from(start(first.plusDays(index + 1L))));
        }
        dayIndex.append(" end");
        arguments.addAll(List.of(scope.arguments(Timestamp.from(start(first)),
                Timestamp.from(start(last.plusDays(1))))));
        Map<LocalDate, Long> online = new TreeMap<>();
        jdbc.query("select t.day_index, count(distinct t.device) from (select " + dayIndex + " as day_index,"
                + " m.uscc || '/' || m.device_id as device from device_minute m join enterprise e on e.uscc = m.uscc"
                + " where " + scope.condition("e.region_code") + " and m.minute_start >= ? and m.minute_start < ?) t"
                + " group by t.day_index", rs -> {
                    online.put(first.plusDays(rs.getInt(1)), rs.getLong(2));
                }, arguments.toArray());
        return online;
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ProgrammeCalendar.ZONE).toInstant();
    }
}
