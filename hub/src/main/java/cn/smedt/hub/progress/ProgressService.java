package cn.smedt.hub.progress;

import cn.smedt.hub.devices.DeviceKpis;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.regions.RegionScope;
import cn.smedt.hub.projects.ProjectStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The programme's progress in a region against its pack's targets (驾驶舱 figures): registered and pilot enterprises,
 * transformed enterprises (PASSED acceptance at the pack's minimum level) per county and industry, on-cloud
 * enterprises per county, industry and payment mode, the latest digital level of each assessed enterprise, subsidies
 * granted by kind, transformation projects by status, deliveries by status and devices online. Every figure counts an enterprise in the region it is
 * registered in now (a record of an enterprise not registered here: the region it was reported for), a region being
 * its codes and the zones inside it ({@link RegionScope}, the one selection of every figure). Aggregates only:
 * no enterprise-level data. One service for the signed API (getProgress) and the dashboard, so both show the same
 * numbers. Summaries that child hub nodes rolled up to this node ({@link RolledUpSummaries}) are added in
 * ({@link SummaryMerge}) and listed under {@code children}: those of the regions inside the one asked for, the
 * child's own region included (a parent's drill-down into its child's region).
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
        RegionScope scope = regions.scope(region);
        int minLevel = transformedMinLevel(region);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("region", region);
        summary.put("regionName", regions.find(region).map(r -> r.name()).orElse(region));
        summary.put("asOf", clock.instant().toString());
        summary.put("enterprises", jdbc.queryForObject("select count(*) from enterprise where "
                + scope.condition("region_code"), Long.class, scope.arguments()));
        summary.put("pilots", jdbc.queryForObject("select count(*) from enterprise where "
                + scope.condition("region_code") + " and pilot", Long.class, scope.arguments()));
        Map<String, Long> transformedByCounty = counts("select e.region_code, count(distinct a.uscc) from acceptance a"
                + " join enterprise e on e.uscc = a.uscc where " + scope.condition("e.region_code")
                + " and a.outcome = 'PASSED' and a.digital_level >= ? group by e.region_code", scope.arguments(minLevel));
        Map<String, Long> transformedByIndustry = counts("select e.industry_code, count(distinct a.uscc) from acceptance a"
                + " join enterprise e on e.uscc = a.uscc where " + scope.condition("e.region_code")
                + " and a.outcome = 'PASSED' and a.digital_level >= ? group by e.industry_code",
                scope.arguments(minLevel));
        Map<String, Long> onCloudByIndustry = counts("select e.industry_code, count(*) from cloud_adoption c"
                + " join enterprise e on e.uscc = c.uscc where " + scope.condition("e.region_code")
                + " group by e.industry_code", scope.arguments());
        // every figure by the enterprise's current registration (a re-registered enterprise counts in its new
        // county at once); a record of an enterprise not registered here keeps the region it was reported for
        Map<String, Long> onCloudByCounty = counts("select coalesce(e.region_code, c.region_code), count(*)"
                + " from cloud_adoption c left join enterprise e on e.uscc = c.uscc"
                + " where " + scope.condition("coalesce(e.region_code, c.region_code)")
                + " group by coalesce(e.region_code, c.region_code)", scope.arguments());
        summary.put("transformed", transformedByCounty.values().stream().mapToLong(Long::longValue).sum());
        summary.put("transformedMinLevel", minLevel);
        summary.put("counties", counties(region, transformedByCounty, onCloudByCounty));
        summary.put("industries", industries(region, transformedByIndustry, onCloudByIndustry));
        summary.put("levels", counts("select a.digital_level, count(distinct a.uscc) from assessment a"
                + " left join enterprise e on e.uscc = a.uscc where "
                + scope.condition("coalesce(e.region_code, a.region_code)")
                + " and a.assessed_on = (select max(b.assessed_on) from assessment b where b.uscc = a.uscc)"
                + " group by a.digital_level", scope.arguments()));
        summary.put("cloudByPaymentMode", counts("select c.payment_mode, count(*) from cloud_adoption c"
                + " left join enterprise e on e.uscc = c.uscc where "
                + scope.condition("coalesce(e.region_code, c.region_code)") + " group by c.payment_mode",
                scope.arguments()));
        summary.put("subsidies", subsidies(scope));
        summary.put("projects", projects(scope));
        summary.put("deliveries", counts("select d.status, count(*) from delivery d join subsidy_decision s"
                + " on s.decision_id = d.decision_id left join enterprise e on e.uscc = s.uscc"
                + " where " + scope.condition("coalesce(e.region_code, s.region_code)") + " group by d.status",
                scope.arguments()));
        summary.put("devices", deviceKpis.forRegion(scope));
        Map<String, Object> children = new LinkedHashMap<>();
        for (RolledUpSummaries.ChildSummary child : rolledUp.within(scope, nodeRegion)) {
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

    /**
     * The targets that apply in a region: its own pack's, else the nearest enclosing region's (a county inside its
     * city's pack).
     */
    Optional<ProgramTargets.Targets> packOf(String region) {
        for (String code : regions.selfAndAncestors(region)) {
            Optional<ProgramTargets.Targets> found = targets.of(code);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The level an accepted enterprise of the region must reach to count as transformed (its pack's; else 2). */
    int transformedMinLevel(String region) {
        return packOf(region).map(ProgramTargets.Targets::transformedMinLevel).orElse(2);
    }

    /**
     * The counties of the region's own pack with their targets; inside a pack's region (a county of a city's pack):
     * the pack's counties within the region. Then any other county with figures.
     */
    private Map<String, Object> counties(String region, Map<String, Long> transformed, Map<String, Long> onCloud) {
        Map<String, Object> rows = new LinkedHashMap<>();
        packOf(region).ifPresent(t -> t.counties().forEach((code, target) -> {
            if (targets.of(region).isEmpty() && !regions.within(code, region)) {
                return;
            }
            Map<String, Object> row = new LinkedHashMap<>(target);
            row.put("transformed", transformed.getOrDefault(code, 0L));
            row.put("onCloud", onCloud.getOrDefault(code, 0L));
            rows.put(code, row);
        }));
        Set<String> counted = new LinkedHashSet<>(transformed.keySet());
        counted.addAll(onCloud.keySet());
        counted.forEach(code -> rows.computeIfAbsent(code, c -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", regions.find(c).map(r -> r.name()).orElse(c));
            row.put("transformed", transformed.getOrDefault(c, 0L));
            row.put("onCloud", onCloud.getOrDefault(c, 0L));
            return row;
        }));
        return rows;
    }

    /**
     * The industries of the region's pack with their transformed and on-cloud enterprises; the targets only in the
     * pack's own region (a city's targets are not a county's).
     */
    private Map<String, Object> industries(String region, Map<String, Long> transformed, Map<String, Long> onCloud) {
        Map<String, Object> rows = new LinkedHashMap<>();
        boolean own = targets.of(region).isPresent();
        packOf(region).ifPresent(t -> t.industries().forEach((id, target) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", target.get("name"));
            if (own) {
                row.putAll(target);
            }
            row.put("transformed", transformed.getOrDefault(id, 0L));
            row.put("onCloud", onCloud.getOrDefault(id, 0L));
            rows.put(id, row);
        }));
        return rows;
    }

    private Map<String, Object> subsidies(RegionScope scope) {
        Map<String, Object> byKind = new LinkedHashMap<>();
        jdbc.query("select s.kind, count(*), sum(s.granted) from subsidy_decision s left join enterprise e"
                + " on e.uscc = s.uscc where " + scope.condition("coalesce(e.region_code, s.region_code)")
                + " group by s.kind"
                + " order by s.kind", rs -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("decisions", rs.getLong(2));
                    BigDecimal granted = rs.getBigDecimal(3);
                    row.put("granted", (granted == null ? BigDecimal.ZERO : granted).setScale(2).toPlainString());
                    byKind.put(rs.getString(1), row);
                }, scope.arguments());
        return byKind;
    }

    /** The region's transformation projects by status, every status present (0 when none). */
    private Map<String, Long> projects(RegionScope scope) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (ProjectStatus status : ProjectStatus.values()) {
            byStatus.put(status.name(), 0L);
        }
        byStatus.putAll(counts("select status, count(*) from project where " + scope.condition("region_code")
                + " group by status", scope.arguments()));
        return byStatus;
    }

    private Map<String, Long> counts(String sql, Object... args) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, args);
        return counts;
    }
}
