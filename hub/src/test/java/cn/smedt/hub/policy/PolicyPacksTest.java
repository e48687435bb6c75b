package cn.smedt.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PolicyPacksTest {

    private static Path testResource(String name) throws URISyntaxException {
        return Path.of(PolicyPacksTest.class.getClassLoader().getResource(name).toURI());
    }

    @Test
    void everyShippedPackLoads() {
        assertThat(Packs.SHIPPED.all()).extracting(Policy::id)
                .containsExactlyInAnyOrder("zhengzhou-smedt-2024", "wuhan-smedt-2023", "yongkang-smedt-2023");
        assertThat(Packs.SHIPPED.all()).allSatisfy(p -> {
            assertThat(p.currency()).isEqualTo("CNY");
            assertThat(p.origin()).startsWith("classpath:packs/").endsWith("/policy.yaml");
            assertThat(p.rules()).allSatisfy(r -> assertThat(r.clause()).isNotBlank());
        });
        assertThat(Packs.SHIPPED.byId("yongkang-smedt-2023")).map(Policy::region).contains("330784");
    }

    @Test
    void theRoutesFolderLoadsFromTheFilesystemToo() {
        Path routes = Path.of("..", "routes");
        if (!Files.isDirectory(routes)) {
            return; // only when built inside the repository
        }
        PolicyPacks fromDir = PolicyPacks.load(getClass().getClassLoader(), routes);
        assertThat(fromDir.all()).hasSize(3);
        assertThat(fromDir.all()).allSatisfy(p -> assertThat(p.origin()).doesNotStartWith("classpath:"));
    }

    @Test
    void resolvesCountyThenCityThenProvince() {
        assertThat(Packs.SHIPPED.forRegion("330784", Packs.GB_ANCESTRY)).map(Policy::id)
                .contains("yongkang-smedt-2023");
        assertThat(Packs.SHIPPED.forRegion("410181", Packs.GB_ANCESTRY)).map(Policy::id)
                .contains("zhengzhou-smedt-2024");
        assertThat(Packs.SHIPPED.forRegion("X41ZDX", Packs.GB_ANCESTRY)).map(Policy::id)
                .contains("zhengzhou-smedt-2024");
        assertThat(Packs.SHIPPED.forRegion("410171", Packs.GB_ANCESTRY)).map(Policy::id)
                .contains("zhengzhou-smedt-2024");
        assertThat(Packs.SHIPPED.forRegion("420111", Packs.GB_ANCESTRY)).map(Policy::id)
                .contains("wuhan-smedt-2023");
        // 义乌: Jinhua has no policy, neither has Zhejiang province
        assertThat(Packs.SHIPPED.forRegion("330782", Packs.GB_ANCESTRY)).isEmpty();
        assertThat(Packs.SHIPPED.forRegion("410100", Packs.GB_ANCESTRY)).map(Policy::region).contains("410100");
    }

    @Test
    void aDirectoryOverridesTheClasspathForItsRegion() throws URISyntaxException {
        PolicyPacks packs = PolicyPacks.load(getClass().getClassLoader(), testResource("policy/override"));
        assertThat(packs.ofRegion("410100")).map(Policy::version).contains("2-test");
        assertThat(packs.ofRegion("420100")).map(Policy::version).contains("1");
        assertThat(packs.all()).hasSize(3);
    }

    @Test
    void aPolicyWhoseRegionDiffersFromItsPackIsRefused() throws URISyntaxException {
        assertThatThrownBy(() -> PolicyPacks.load(getClass().getClassLoader(), testResource("policy/mismatch")))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("policy.yaml").hasMessageContaining("region");
    }
}
