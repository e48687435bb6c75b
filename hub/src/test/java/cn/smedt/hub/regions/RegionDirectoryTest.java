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
    void aRegionsScopeNamesTheZonesInsideItThatDoNotShareItsPrefix() {
        RegionScope city = regions.scope("410100");
        assertThat(city.condition("e.region_code")).isEqualTo("(e.region_code like ? or e.region_code in (?))");
        assertThat(city.arguments(2)).containsExactly("4101%", "X41ZDX", 2);
        assertThat(city.contains("X41ZDX")).isTrue();
        assertThat(city.contains("410171")).isTrue();
        assertThat(city.contains("420100")).isFalse();
        assertThat(regions.scope("410000").others()).containsExactly("X41ZDX");
        RegionScope county = regions.scope("410181");
        assertThat(county.condition("region_code")).isEqualTo("(region_code like ?)");
        assertThat(county.arguments()).containsExactly("410181%");
        assertThat(county.contains("X41ZDX")).isFalse();
        assertThat(regions.scope("X41ZDX").arguments()).containsExactly("X41ZDX%");
        assertThat(regions.scope("330700").others()).isEmpty();
    }

    @Test
    void unknownCodesAreNotFound() {
        assertThat(regions.find("410199")).isEmpty();
        assertThat(regions.within("410199", "410100")).isFalse();
    }
}
