package cn.smedt.hub.progress;

import cn.smedt.hub.devices.DeviceKpis;
import cn.smedt.hub.enterprises.PackImportRuns;
import cn.smedt.hub.regions.RegionDirectory;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;

/**
 * Data of the dashboard page (/dashboard/), served on the operator port only ({@code node.OperatorPaths}), unsigned
 * because a browser cannot sign; in production it sits behind the operator's SSO / reverse proxy (docs/dashboard.md).
 * It shows this node's region and below ({@code region} parameters outside it answer 404):
 * <ul>
 *   <li>{@code /dashboard/api/summary?region=}: the same summary as the signed getProgress operation;</li>
 *   <li>{@code /dashboard/api/regions/{code}}: the drill-down, a region's path and its child regions' figures;</li>
 *   <li>{@code /dashboard/api/trends?region=&days=}: the daily trends ({@link DailyTrends});</li>
 *   <li>{@code /dashboard/api/devices?region=}: the region's devices, online or not, last seen;</li>
 *   <li>{@code /dashboard/api/enterprises?region=} and {@code /dashboard/api/enterprises/{uscc}}: enterprise-level
 *       data, for the operators (the partners' way is the signed operations);</li>
 *   <li>{@code /dashboard/api/health}: connectors, queues and dead letters, deliveries per target
 *       ({@link DashboardHealth});</li>
 *   <li>{@code /dashboard/api/connectors}: the last import runs of each county pack, counts only.</li>
 * </ul>
 */
@RestController
class DashboardController {

    /** Most devices one list shows. */
    static final int MAX_DEVICES = 200;

    private final ProgressService progress;
    private final PackImportRuns imports;
    private final DrillDown drillDown;
    private final DailyTrends trends;
    private final DeviceKpis devices;
    private final DashboardHealth health;
    private final RegionDirectory regions;

    DashboardController(ProgressService progress, PackImportRuns imports, DrillDown drillDown, DailyTrends trends,
                        DeviceKpis devices, DashboardHealth health, RegionDirectory regions) {
        this.regions = regions;
        this.progress = progress;
        this.imports = imports;
        this.drillDown = drillDown;
        this.trends = trends;
        this.devices = devices;
        this.health = health;
    }

    /** The page; the drill-down levels are its own addresses (/dashboard/region/{code}, /dashboard/enterprise/{uscc}). */
    @GetMapping({"/dashboard", "/dashboard/", "/dashboard/region/{code}", "/dashboard/enterprise/{uscc}"})
    ModelAndView page() {
        return new ModelAndView("forward:/dashboard/index.html");
    }

    @GetMapping("/dashboard/api/summary")
    Map<String, Object> summary(@RequestParam(required = false) String region) {
        return progress.summary(shown(region));
    }

    @GetMapping("/dashboard/api/regions/{code}")
    Map<String, Object> region(@PathVariable String code) {
        return drillDown.region(code);
    }

    @GetMapping("/dashboard/api/trends")
    List<Map<String, Object>> trends(@RequestParam(required = false) String region,
                                     @RequestParam(defaultValue = "14") int days) {
        return trends.lastDays(shown(region), days);
    }

    @GetMapping("/dashboard/api/devices")
    List<Map<String, Object>> devices(@RequestParam(required = false) String region) {
        return devices.devicesIn(regions.scope(shown(region)), MAX_DEVICES);
    }

    @GetMapping("/dashboard/api/enterprises")
    List<Map<String, Object>> enterprises(@RequestParam(required = false) String region) {
        return drillDown.enterprises(shown(region));
    }

    @GetMapping("/dashboard/api/enterprises/{uscc}")
    Map<String, Object> enterprise(@PathVariable String uscc) {
        return drillDown.enterprise(uscc);
    }

    @GetMapping("/dashboard/api/health")
    Map<String, Object> health() {
        return health.now();
    }

    /** Connector health: the last import runs of each county pack of the node's region, counts only. */
    @GetMapping("/dashboard/api/connectors")
    List<Map<String, Object>> connectors(@RequestParam(required = false) String region) {
        return imports.lastRuns(List.of(shown(region)), null, false);
    }

    /** The region asked for (this node's when none), if the node shows it. */
    private String shown(String region) {
        return region == null || region.isBlank() ? progress.nodeRegion() : drillDown.visible(region).code();
    }
}
