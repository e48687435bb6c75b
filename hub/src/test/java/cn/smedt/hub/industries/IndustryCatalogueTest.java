package cn.smedt.hub.industries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.regions.RegionDirectory;
import org.junit.jupiter.api.Test;

/** The catalogue as data: the Zhejiang annex, the Wuhan and Zhengzhou industries, the packs' local ones. */
class IndustryCatalogueTest {

    private final IndustryCatalogue catalogue = new IndustryCatalogue(new RegionDirectory());

    @Test
    void holdsTheZhejiangAnnexAndTheCitiesPilotIndustries() {
        assertThat(catalogue.all().stream().filter(i -> i.code().startsWith("ZJ-"))).hasSize(39);
        assertThat(catalogue.groups()).hasSize(15);
        assertThat(catalogue.find("ZJ-09").orElseThrow().name()).isEqualTo("汽车零部件及配件制造");
        assertThat(catalogue.find("ZJ-09").orElseThrow().group()).isEqualTo("ZJ-G04");
        assertThat(catalogue.all().stream().filter(i -> i.code().startsWith("WH-") && Boolean.TRUE.equals(i.pilot())))
                .hasSize(4);
        assertThat(catalogue.all().stream().filter(i -> i.code().startsWith("ZZ-"))).hasSize(4);
        assertThat(catalogue.find("YK-VACUUM-CUP").orElseThrow().within()).isEqualTo("ZJ-34");
    }

    @Test
    void refusesACodeOutsideIt() {
        catalogue.requireKnown("ZZ-REFRACTORIES", "/industryCode");
        assertThatThrownBy(() -> catalogue.requireKnown("REFRACTORIES", "/industryCode"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo(ProblemCode.INDUSTRY_UNKNOWN);
                    assertThat(e.errors().get(0).pointer()).isEqualTo("/industryCode");
                    assertThat(e.getMessage()).contains("'REFRACTORIES'").contains("listIndustries");
                });
    }
}
