package cn.smedt.hub.regions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegionDirectoryTest {

    private final RegionDirectory regions = new RegionDirectory();

    @Test
    void countiesNestInTheirCityAndProvince() {
        assertThat(regions.within("410181", "410100")).isTrue();
        assertThat(regions.within("410181", "410000")).isTrue();
        assertThat(regions.within("410181", "420100")).isFalse();
        assertThat(regions.within("330784", "330700")).isTrue();
    }

    @Test
    void zonesWithoutGbCodesHaveHubLocalIdsInsideTheirCity() {
        Region zhengdong = regions.find("X41ZDX").orElseThrow();
        assertThat(zhengdong.zone()).isTrue();
        assertThat(zhengdong.level()).isEqualTo(RegionLevel.COUNTY);
        assertThat(regions.withinAny("X41ZDX", List.of("410000"))).isTrue();
        assertThat(regions.find("410171").orElseThrow().parent()).isEqualTo("410100");
    }

    @Test
    void unknownCodesAreNotFound() {
        assertThat(regions.find("410199")).isEmpty();
        assertThat(regions.within("410199", "410100")).isFalse();
    }
}
