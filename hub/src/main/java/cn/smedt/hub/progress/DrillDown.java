package cn.smedt.hub.progress;

import cn.smedt.hub.devices.DeviceKpis;
import cn.smedt.hub.industries.Industry;
import cn.smedt.hub.industries.IndustryCatalogue;
import cn.smedt.hub.regions.Region;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.regions.RegionScope;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The dashboard's drill-down below this node's region (province → city → county → enterprise): a region with its
 * path from the node's region and its child regions with their figures, the enterprises registered in a region, and
 * one enterprise's records. Enterprises count where they are registered now. For the operators' dashboard only (it
 * shows enterprise-level data; docs/dashboard.md): partners use the signed operations.
 */
@Component
class DrillDown {

    /** Most enterprises one list shows. */
    static final int MAX_ENTERPRISES = 500;

    private final JdbcTemplate jdbc;
    private final RegionDirectory regions;
    private final IndustryCatalogue industries;
    private final ProgramTargets targets;
    private final RolledUpSummaries rolledUp;
    private final DeviceKpis devices;
    private final ProgressService progress;

    DrillDown(JdbcTemplate jdbc, RegionDirectory regions, IndustryCatalogue industries, ProgramTargets targets,
              RolledUpSummaries rolledUp, DeviceKpis devices, ProgressService progress) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.industries = industries;
        this.targets = targets;
        this.rolledUp = rolledUp;
        this.devices = devices;
        this.progress = progress;
    }

    /** The region if it is this node's region or lies inside it. */
    Region visible(String code) {
        return regions.find(code).filter(r -> regions.within(r.code(), progress.nodeRegion()))
                .orElseThrow(() -> new DashboardNotFoundException("region " + code + " is not shown by this node ("
                        + progress.nodeRegion() + " and below)"));
    }

    /** {code, name, level, path: [{code, name, level}], children: [{code, name, level, figures...}]}. */
    Map<String, Object> region(String code) {
        Region region = visible(code);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", region.code());
        answer.put("name", region.name());
        answer.put("level", region.level().name());
        List<Map<String, Object>> path = new ArrayList<>();
        for (String step : regions.selfAndAncestors(region.code())) {
            regions.find(step).filter(r -> regions.within(r.code(), progress.nodeRegion())).ifPresent(r -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("code", r.code());
                entry.put("name", r.name());
                entry.put("level", r.level().name());
                path.add(entry);
            });
        }
        Collections.reverse(path);
        answer.put("path", path);
        answer.put("children", children(region));
        return answer;
    }

    private List<Map<String, Object>> children(Region parent) {
        List<Region> children = regions.all().stream().filter(r -> parent.code().equals(r.parent())).toList();
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        Map<String, Object> countyTargets = targets.of(parent.code()).map(t -> (Map<String, Object>) new LinkedHashMap<
                String, Object>(t.counties())).orElse(Map.of());
        for (Region child : children) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("code", child.code());
            row.put("name", child.name());
            row.put("level", child.level().name());
            row.put("zone", child.zone());
            row.put("enterprises", 0L);
            row.put("pilots", 0L);
            row.put("transformed", 0L);
            row.put("onCloud", 0L);
            row.put("target", target(child, countyTargets));
            rows.put(child.code(), row);
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        int minLevel = progress.transformedMinLevel(parent.code());
        RegionScope scope = regions.scope(parent.code());
        jdbc.query("select region_code, count(*), sum(case when pilot then 1 else 0 end) from enterprise"
                + " where " + scope.condition("region_code") + " group by region_code", rs -> {
                    add(rows, rs.getString(1), "enterprises", rs.getLong(2));
                    add(rows, rs.getString(1), "pilots", rs.getLong(3));
                }, scope.arguments());
        jdbc.query("select e.region_code, count(distinct a.uscc) from acceptance a join enterprise e on e.uscc = a.uscc"
                + " where " + scope.condition("e.region_code") + " and a.outcome = 'PASSED' and a.digital_level >= ?"
                + " group by e.region_code", rs -> {
                    add(rows, rs.getString(1), "transformed", rs.getLong(2));
                }, scope.arguments(minLevel));
        jdbc.query("select e.region_code, count(*) from cloud_adoption c join enterprise e on e.uscc = c.uscc"
                + " where " + scope.condition("e.region_code") + " group by e.region_code", rs -> {
                    add(rows, rs.getString(1), "onCloud", rs.getLong(2));
                }, scope.arguments());
        for (RolledUpSummaries.ChildSummary child : rolledUp.within(scope, progress.nodeRegion())) {
            Map<String, Object> s = child.summary();
            add(rows, child.region(), "enterprises", number(s.get("enterprises")));
            add(rows, child.region(), "pilots", number(s.get("pilots")));
            add(rows, child.region(), "transformed", number(s.get("transformed")));
            long onCloud = s.get("cloudByPaymentMode") instanceof Map<?, ?> modes
                    ? modes.values().stream().mapToLong(DrillDown::number).sum() : 0L;
            add(rows, child.region(), "onCloud", onCloud);
            Map<String, Object> row = rowFor(rows, child.region());
            if (row != null) {
                row.put("rolledUpFrom", child.hubId());
            }
        }
        return new ArrayList<>(rows.values());
    }

    /** A county's target in its city's pack; a city's: the sum of its counties' in its own pack. */
    private Object target(Region child, Map<String, Object> countyTargets) {
        if (countyTargets.get(child.code()) instanceof Map<?, ?> row) {
            return row.get("target");
        }
        return targets.of(child.code()).map(t -> t.counties().values().stream()
                .mapToLong(c -> number(c.get("target"))).sum()).orElse(null);
    }

    /** Adds to the child region that contains {@code code}. */
    private void add(Map<String, Map<String, Object>> rows, String code, String key, long value) {
        Map<String, Object> row = rowFor(rows, code);
        if (row != null) {
            row.put(key, (Long) row.get(key) + value);
        }
    }

    private Map<String, Object> rowFor(Map<String, Map<String, Object>> rows, String code) {
        for (Map.Entry<String, Map<String, Object>> row : rows.entrySet()) {
            if (regions.within(code, row.getKey())) {
                return row.getValue();
            }
        }
        return null;
    }

    /** The enterprises registered in the region now, with their latest level, transformation and cloud adoption. */
    List<Map<String, Object>> enterprises(String code) {
        Region region = visible(code);
        RegionScope scope = regions.scope(region.code());
        return jdbc.query("select e.uscc, e.name, e.region_code, e.industry_code, e.pilot,"
                + " (select max(a.digital_level) from assessment a where a.uscc = e.uscc and a.assessed_on ="
                + " (select max(b.assessed_on) from assessment b where b.uscc = e.uscc)),"
                + " (select max(p.digital_level) from acceptance p where p.uscc = e.uscc and p.outcome = 'PASSED'),"
                + " c.payment_mode, (select sum(s.granted) from subsidy_decision s where s.uscc = e.uscc)"
                + " from enterprise e left join cloud_adoption c on c.uscc = e.uscc where "
                + scope.condition("e.region_code")
                + " order by e.region_code, e.name, e.uscc fetch first " + MAX_ENTERPRISES + " rows only", (rs, n) -> {
                    Map<String, Object> row = registration(rs);
                    row.put("level", rs.getObject(6) == null ? null : rs.getInt(6));
                    row.put("acceptedLevel", rs.getObject(7) == null ? null : rs.getInt(7));
                    row.put("paymentMode", rs.getString(8));
                    row.put("subsidiesGranted", money(rs.getBigDecimal(9)));
                    return row;
                }, scope.arguments());
    }

    /** One enterprise of this node's region: registration, assessments, acceptances, cloud, subsidies, devices. */
    Map<String, Object> enterprise(String uscc) {
        List<Map<String, Object>> found = jdbc.query("select uscc, name, region_code, industry_code, pilot, scale,"
                + " registered_at, updated_at from enterprise where uscc = ?", (rs, n) -> {
                    Map<String, Object> row = registration(rs);
                    row.put("scale", rs.getString(6));
                    row.put("registeredAt", rs.getTimestamp(7).toInstant().toString());
                    row.put("updatedAt", rs.getTimestamp(8).toInstant().toString());
                    return row;
                }, uscc);
        if (found.isEmpty()) {
            throw new DashboardNotFoundException("no enterprise " + uscc + " on this node");
        }
        Map<String, Object> enterprise = found.get(0);
        Region region = visible((String) enterprise.get("regionCode"));
        enterprise.put("path", region(region.code()).get("path"));
        enterprise.put("assessments", jdbc.query("select assessed_on, digital_level, assessor_id from assessment"
                + " where uscc = ? order by assessed_on desc", (rs, n) -> row("assessedOn", rs.getDate(1).toString(),
                "level", rs.getInt(2), "assessor", rs.getString(3)), uscc));
        enterprise.put("acceptances", jdbc.query("select accepted_on, outcome, digital_level, assessor_id from acceptance"
                + " where uscc = ? order by accepted_on desc", (rs, n) -> row("acceptedOn", rs.getDate(1).toString(),
                "outcome", rs.getString(2), "level", rs.getObject(3) == null ? null : rs.getInt(3),
                "assessor", rs.getString(4)), uscc));
        enterprise.put("cloud", jdbc.query("select platform_id, reported_on, payment_mode, devices_connected"
                + " from cloud_adoption where uscc = ?", (rs, n) -> row("platform", rs.getString(1),
                "reportedOn", rs.getDate(2).toString(), "paymentMode", rs.getString(3),
                "devicesConnected", rs.getInt(4)), uscc));
        enterprise.put("subsidies", jdbc.query("select kind, decided_at, granted, policy_id from subsidy_decision"
                + " where uscc = ? order by decided_at desc", (rs, n) -> row("kind", rs.getString(1),
                "decidedAt", rs.getTimestamp(2).toInstant().toString(), "granted", money(rs.getBigDecimal(3)),
                "policy", rs.getString(4)), uscc));
        enterprise.put("devices", devices.devicesIn(regions.scope(region.code()), Integer.MAX_VALUE).stream()
                .filter(d -> uscc.equals(d.get("uscc"))).toList());
        return enterprise;
    }

    /** Columns 1..5 of an enterprise row: uscc, name, region_code, industry_code, pilot, with the names of the codes. */
    private Map<String, Object> registration(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("uscc", rs.getString(1));
        row.put("name", rs.getString(2));
        row.put("regionCode", rs.getString(3));
        row.put("regionName", regionName(rs.getString(3)));
        row.put("industryCode", rs.getString(4));
        row.put("industryName", industryName(rs.getString(4)));
        row.put("pilot", rs.getBoolean(5));
        return row;
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private String regionName(String code) {
        return regions.find(code).map(Region::name).orElse(code);
    }

    private String industryName(String code) {
        return industries.find(code).map(Industry::name).orElse(code);
    }

    private static String money(BigDecimal amount) {
        return (amount == null ? BigDecimal.ZERO : amount).setScale(2).toPlainString();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : value == null ? 0L : Long.parseLong(value.toString());
    }
}
