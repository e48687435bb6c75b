package cn.smedt.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The federation roll-up adds a child's transformation projects into the parent's, status by status. */
class SummaryMergeTest {

    @Test
    void projectCountsAddUpStatusByStatus() {
        Map<String, Object> parent = new LinkedHashMap<>();
        parent.put("region", "410100");
        parent.put("projects", new LinkedHashMap<>(Map.of("SELECTED", 2L, "DIAGNOSED", 0L, "CONTRACTED", 1L,
                "IMPLEMENTING", 0L, "ACCEPTED", 0L, "SUBSIDISED", 3L)));
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("region", "410181");
        child.put("projects", Map.of("SELECTED", 1, "DIAGNOSED", 4, "CONTRACTED", 0, "IMPLEMENTING", 2,
                "ACCEPTED", 1, "SUBSIDISED", 0));
        SummaryMerge.add(parent, child);
        assertThat(parent.get("projects")).isEqualTo(Map.of("SELECTED", 3L, "DIAGNOSED", 4L, "CONTRACTED", 1L,
                "IMPLEMENTING", 2L, "ACCEPTED", 1L, "SUBSIDISED", 3L));
        assertThat(parent.get("region")).isEqualTo("410100");
    }

    @Test
    void aChildWithoutProjectsAddsNothingToThem() {
        Map<String, Object> parent = new LinkedHashMap<>();
        parent.put("projects", new LinkedHashMap<>(Map.of("SELECTED", 2L)));
        SummaryMerge.add(parent, new LinkedHashMap<>(Map.of("region", "410181")));
        assertThat(parent.get("projects")).isEqualTo(Map.of("SELECTED", 2L));
    }
}
