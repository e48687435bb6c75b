package cn.smedt.hub.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.hub.regions.RegionDirectory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** An ENTERPRISE partner is bound to a valid USCC; no other partner type has one; banks are refused enterprise data. */
class EnterprisePartnerTest {

    static PartnerRegistry registry(PartnerType type, String uscc) {
        var config = new PartnerProperties.PartnerConfig("p-1", null, type, List.of("410181"), List.of(), null, null,
                null, null, null, uscc);
        return new PartnerRegistry(new PartnerProperties(List.of(config)), new DefaultResourceLoader(),
                new RegionDirectory());
    }

    @Test
    void anEnterpriseIsBoundToItsUscc() {
        assertThat(registry(PartnerType.ENTERPRISE, "91410181MA40C00135").partner("p-1").orElseThrow().uscc())
                .isEqualTo("91410181MA40C00135");
    }

    @Test
    void anEnterpriseNeedsAValidUscc() {
        assertThatThrownBy(() -> registry(PartnerType.ENTERPRISE, null))
                .isInstanceOf(PartnerConfigurationException.class).hasMessageContaining("needs its uscc");
        assertThatThrownBy(() -> registry(PartnerType.ENTERPRISE, "91310115MA1H8R7C6D"))
                .isInstanceOf(PartnerConfigurationException.class).hasMessageContaining("91310115MA1H8R7C6D");
    }

    @Test
    void onlyEnterprisesHaveAUscc() {
        assertThatThrownBy(() -> registry(PartnerType.BANK, "91410181MA40C00135"))
                .isInstanceOf(PartnerConfigurationException.class).hasMessageContaining("only enterprises");
        assertThat(registry(PartnerType.BANK, null).partner("p-1").orElseThrow().uscc()).isNull();
    }

    @Test
    void aBankIsRefusedEnterpriseDataOthersAreNot() {
        Partner bank = new Partner("b", "b", PartnerType.BANK, Set.of(), Set.of(), 1, null);
        assertThatThrownBy(() -> bank.requireNotBankForEnterpriseData("getDeviceKpis"))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo(ProblemCode.PARTNER_TYPE_DENIED));
        new Partner("g", "g", PartnerType.GOVERNMENT, Set.of(), Set.of(), 1, null)
                .requireNotBankForEnterpriseData("getDeviceKpis");
    }
}
