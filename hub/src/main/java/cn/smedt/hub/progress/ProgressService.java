package cn.smedt.hub.progress;

import cn.smedt.hub.devices.DeviceKpis;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.projects.ProjectStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The programme's progress in a region against its pack's targets (驾驶舱 figures): registered and pilot enterprises,
 * transformed enterprises (PASSED acceptance at the pack's minimum level) per county and industry, the latest digital
 * level of each assessed enterprise, on-cloud enterprises by payment mode, subsidies granted by kind, transformation
 * projects by status, deliveries by status and devices online. Aggregates only: no enterprise-level data. One
 * service for the signed API (getProgress) and the dashboard, so both show the same numbers. Summaries that child hub nodes rolled up to this
 * node ({@link RolledUpSummaries}) are added in ({@link SummaryMerge}) and listed under {@code children}.
 */
@Component
public class ProgressService {

    private final JdbcTemplate jdbc;
    private final ProgramTargets targets;
    private final RegionDirectory regions;
    private final DeviceKpis deviceKpis;
    private final RolledUpSummaries rolledUp;
    private final Clock clock;
    private final String nodeRegion;

    ProgressService(JdbcTemplate jdbc, ProgramTargets targets, RegionDirectory regions, DeviceKpis deviceKpis,
                    RolledUpSummaries rolledUp, Clock clock, @Value("${hub.node.region-code}") String nodeRegion) {
        this.rolledUp = rolledUp;
        this.jdbc = jdbc;
        this.targets = targets;
        this.regions = regions;
        this.deviceKpis = deviceKpis;
        this.clock = clock;
        this.nodeRegion = nodeRegion;
    }

    /** The region this node serves. */
    public String nodeRegion() {
        return nodeRegion;
    }

    /** The summary for a region (this node's region for the dashboard). */
    public Map<String, Object> summary(String region) {
        String like = prefixOf(region) + "%";
        int minLevel = targets.of(region).map(ProgramTargets.Targets::transformedMinLevel).orElse(2);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("region", region);
        summary.put("regionName", regions.find(region).map(r -> r.name()).orElse(region));
        summary.put("asOf", clock.instant().toString());
        summary.put("enterprises", jdbc.queryForObject("select count(*) from enterprise where region_code like ?",
                Long.class, like));
        summary.put("pilots", jdbc.queryForObject("select count(*) from enterprise where pilot and region_code like ?",
                Long.class, like));
        Map<String, Long> transformedByCounty = counts("select e.region_code, count(distinct a.uscc) from acceptance a"
                + " join enterprise e on e.uscc = a.uscc where a.outcome = 'PASSED' and a.digital_level >= ?"
                + " and e.region_code like ? group by e.region_code", minLevel, like);
        Map<String, Long> transformedByIndustry = counts("select e.industry_code, count(distinct a.uscc) from acceptance a"
                + " join enterprise e on e.uscc = a.uscc where a.outcome = 'PASSED' and a.digital_level >= ?"
                + " and e.region_code like ? group by e.industry_code", minLevel, like);
        Map<String, Long> onCloudByIndustry = counts("select e.industry_code, count(*) from cloud_adoption c"
                + " join enterprise e on e.uscc = c.uscc where e.region_code like ? group by e.industry_code", like);
        summary.put("transformed", transformedByCounty.values().stream().mapToLong(Long::longValue).sum());
        summary.put("transformedMinLevel", minLevel);
        summary.put("counties", counties(region, transformedByCounty));
        summary.put("industries", industries(region, transformedByIndustry, onCloudByIndustry));
        summary.put("levels", counts("select a.digital_level, count(distinct a.uscc) from assessment a"
                + " where a.region_code like ? and a.assessed_on = (select max(b.assessed_on) from assessment b"
                + " where b.uscc = a.uscc) group by a.digital_level", like));
        summary.put("cloudByPaymentMode", counts("select payment_mode, count(*) from cloud_adoption"
                + " where region_code like ? group by payment_mode", like));
        summary.put("subsidies", subsidies(like));
        summary.put("projects", projects(like));
        summary.put("deliveries", counts("select d.status, count(*) from delivery d join subsidy_decision s"
                + " on s.decision_id = d.decision_id where s.region_code like ? group by d.status", like));
        summary.put("devices", deviceKpis.forRegion(prefixOf(region)));
        Map<String, Object> children = new LinkedHashMap<>();
        for (RolledUpSummaries.ChildSummary child : rolledUp.within(prefixOf(region), region)) {
            SummaryMerge.add(summary, child.summary());
            Map<String, Object> origin = new LinkedHashMap<>();
            origin.put("hubId", child.hubId());
            origin.put("asOf", child.asOf().toString());
            origin.put("receivedAt", child.receivedAt().toString());
            children.put(child.region(), origin);
        }
        if (!children.isEmpty()) {
            summary.put("children", children);
        }
        return summary;
    }

    private Map<String, Object> counties(String region, Map<String, Long> transformed) {
        Map<String, Object> rows = new LinkedHashMap<>();
        targets.of(region).ifPresent(t -> t.counties().forEach((code, target) -> {
            Map<String, Object> row = new LinkedHashMap<>(target);
            row.put("transformed", transformed.getOrDefault(code, 0L));
            rows.put(code, row);
        }));
        transformed.forEach((code, count) -> rows.computeIfAbsent(code, c -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", regions.find(c).map(r -> r.name()).orElse(c));
            row.put("transformed", count);
            return row;
        }));
        return rows;
    }

    private Map<String, Object> industries(String region, Map<String, Long> transformed, Map<String, Long> onCloud) {
        Map<String, Object> rows = new LinkedHashMap<>();
        targets.of(region).ifPresent(t -> t.industries().forEach((id, target) -> {
            Map<String, Object> row = new LinkedHashMap<>(target);
            row.put("transformed", transformed.getOrDefault(id, 0L));
            row.put("onCloud", onCloud.getOrDefault(id, 0L));
            rows.put(id, row);
        }));
        return rows;
    }

    private Map<String, Object> subsidies(String like) {
        Map<String, Object> byKind = new LinkedHashMap<>();
        jdbc.query("select kind, count(*), sum(granted) from subsidy_decision where region_code like ? group by kind"
                + " order by kind", rs -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("decisions", rs.getLong(2));
                    BigDecimal granted = rs.getBigDecimal(3);
                    row.put("granted", (granted == null ? BigDecimal.ZERO : granted).setScale(2).toPlainString());
                    byKind.put(rs.getString(1), row);
                }, like);
        return byKind;
    }

    /** The region's transformation projects by status, every status present (0 when none). */
    private Map<String, Long> projects(String like) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (ProjectStatus status : ProjectStatus.values()) {
            byStatus.put(status.name(), 0L);
        }
        byStatus.putAll(counts("select status, count(*) from project where region_code like ? group by status", like));
        return byStatus;
    }

    private Map<String, Long> counts(String sql, Object... args) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, args);
        return counts;
    }

    /** Codes inside a region share its prefix: province 41, city 4101, county 410181 (hub zones: the whole id). */
    static String prefixOf(String region) {
        if (!region.matches("[0-9]{6}")) {
            return region;
        }
        return region.endsWith("0000") ? region.substring(0, 2) : region.endsWith("00") ? region.substring(0, 4) : region;
    }
}
