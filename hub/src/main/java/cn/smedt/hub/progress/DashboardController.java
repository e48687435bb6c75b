package cn.smedt.hub.progress;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;

/**
 * Data of the dashboard page (/dashboard/): the same summary as the signed getProgress operation, for this node's
 * region, unsigned because a browser cannot sign. It exposes aggregates only (no enterprise-level data); in
 * production the page and this endpoint sit behind the operator's SSO / reverse proxy (docs/dashboard.md).
 */
@RestController
class DashboardController {

    private final ProgressService progress;

    DashboardController(ProgressService progress) {
        this.progress = progress;
    }

    @GetMapping({"/dashboard", "/dashboard/"})
    ModelAndView page() {
        return new ModelAndView("redirect:/dashboard/index.html");
    }

    @GetMapping("/dashboard/api/summary")
    Map<String, Object> summary() {
        return progress.summary(progress.nodeRegion());
    }
}
