package cn.smedt.hub.progress;

import cn.smedt.hub.enterprises.PackImportRuns;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;

/**
 * Data of the dashboard page (/dashboard/): the same summary as the signed getProgress operation, for this node's
 * region, unsigned because a browser cannot sign. It exposes aggregates only (no enterprise-level data); in
 * production the page and this endpoint sit behind the operator's SSO / reverse proxy (docs/dashboard.md). The
 * connector panel ({@code /dashboard/api/connectors}) shows the last import runs of the county packs of the node's
 * region with their counts only (the refused USCCs are for the signed listPackImports operation).
 */
@RestController
class DashboardController {

    private final ProgressService progress;
    private final PackImportRuns imports;

    DashboardController(ProgressService progress, PackImportRuns imports) {
        this.progress = progress;
        this.imports = imports;
    }

    @GetMapping({"/dashboard", "/dashboard/"})
    ModelAndView page() {
        return new ModelAndView("redirect:/dashboard/index.html");
    }

    @GetMapping("/dashboard/api/summary")
    Map<String, Object> summary() {
        return progress.summary(progress.nodeRegion());
    }

    /** Connector health: the last import runs of each county pack of the node's region, counts only. */
    @GetMapping("/dashboard/api/connectors")
    List<Map<String, Object>> connectors() {
        return imports.lastRuns(List.of(progress.nodeRegion()), null, false);
    }
}
