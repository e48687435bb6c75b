package cn.smedt.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The targets tables add up as in the source documents, and every pack folder is well formed. */
class TargetsTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String path) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return (Map<String, Object>) new Yaml().load(in);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void zhengzhouCountiesAddUpTo236And204And440() throws IOException {
        Map<String, Object> targets = yaml("henan/zhengzhou/targets.yaml");
        List<Map<String, Object>> counties = (List<Map<String, Object>>) targets.get("counties");
        int y2024 = 0;
        int y2025 = 0;
        for (Map<String, Object> c : counties) {
            assertThat((Integer) c.get("y2024") + (Integer) c.get("y2025")).as("%s", c.get("name"))
                    .isEqualTo(c.get("total"));
            y2024 += (Integer) c.get("y2024");
            y2025 += (Integer) c.get("y2025");
        }
        assertThat(counties).hasSize(16);
        assertThat(counties).extracting(c -> c.get("region")).contains("X41ZDX", "410171", "410172", "410173");
        assertThat(y2024).isEqualTo(236);
        assertThat(y2025).isEqualTo(204);
        Map<String, Object> totals = (Map<String, Object>) targets.get("countyTotals");
        assertThat(totals).containsEntry("y2024", 236).containsEntry("y2025", 204).containsEntry("total", 440);
    }

    @Test
    @SuppressWarnings("unchecked")
    void zhengzhouIndustryCountsAddUpToTheirTotals() throws IOException {
        Map<String, Object> targets = yaml("henan/zhengzhou/targets.yaml");
        for (Map<String, Object> indicator : (List<Map<String, Object>>) targets.get("indicators")) {
            Map<String, Object> byIndustry = (Map<String, Object>) indicator.get("byIndustry");
            assertThat(byIndustry).hasSize(4);
            if ("percent".equals(indicator.get("unit"))) {
                continue;
            }
            int sum = byIndustry.values().stream().mapToInt(v -> (Integer) v).sum();
            assertThat(sum).as("%s", indicator.get("id")).isEqualTo(indicator.get("total"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void wuhanHas500PilotEnterprisesInFourPilotIndustries() throws IOException {
        Map<String, Object> targets = yaml("hubei/wuhan/targets.yaml");
        Map<String, Object> industries = (Map<String, Object>) targets.get("industries");
        assertThat((List<Object>) industries.get("pilot")).hasSize(4);
        assertThat((List<Object>) industries.get("other")).hasSize(4);
        assertThat((List<Map<String, Object>>) targets.get("indicators"))
                .anySatisfy(i -> assertThat(i).containsEntry("id", "pilot-enterprises").containsEntry("total", 500));
    }

    @Test
    void everyPolicyHasAPackYamlWithARegion() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            List<Path> policies = files.filter(p -> p.getFileName().toString().equals("policy.yaml"))
                    .filter(p -> !p.toString().contains("target") && !p.toString().contains("src"))
                    .toList();
            assertThat(policies).hasSizeGreaterThanOrEqualTo(3);
            for (Path policy : policies) {
                Map<String, Object> pack = yaml(policy.resolveSibling("pack.yaml").toString());
                assertThat(pack.get("region")).as("%s", policy).isInstanceOf(String.class);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void lprEntriesAreQuotedDecimalsInDateOrder() throws IOException {
        Map<String, Object> lpr = yaml("lpr.yaml");
        List<Map<String, Object>> entries = (List<Map<String, Object>>) lpr.get("entries");
        assertThat(entries).hasSize(7);
        for (Map<String, Object> e : entries) {
            assertThat(e.get("oneYear")).isInstanceOf(String.class);
            assertThat(new BigDecimal((String) e.get("fiveYear"))).isPositive();
        }
    }
}
