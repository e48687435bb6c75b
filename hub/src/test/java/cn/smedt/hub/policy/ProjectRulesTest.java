package cn.smedt.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * policy.yaml {@code projects}: whether an enterprise may have a second project, from the seed sentences. Yongkang
 * caps per project ("单个项目合计最高补助500万元") and allows several; Zhengzhou ("每家企业", 三(二) staged up to 200万 for
 * the pilot enterprise's one task) and Wuhan ("每家最高补助30万元") pay per enterprise and refuse a second one.
 */
class ProjectRulesTest {

    @Test
    void shippedPacksSayWhetherASecondProjectIsAllowed() {
        assertThat(Packs.yongkang().projects()).isEqualTo(new ProjectRules(true, "二(二)2"));
        assertThat(Packs.zhengzhou().projects()).isEqualTo(new ProjectRules(false, "三(二)"));
        assertThat(Packs.wuhan().projects()).isEqualTo(new ProjectRules(false, "三(一)7"));
        // an amendment keeps the policy's setting, a copy with a confirmed parameter too
        assertThat(Packs.yongkang().withParameter("general-it-rate", new java.math.BigDecimal("0.15")).projects()
                .secondProjectAllowed()).isTrue();
        assertThat(Packs.yongkang().transformationTracks())
                .containsExactly("intermediate-factory-pilot", "intermediate-factory-promotion");
    }

    @Test
    void aPolicyWithoutTheSectionAllowsOneProjectPerEnterprise() {
        assertThat(read("").projects()).isEqualTo(ProjectRules.ONE_PER_ENTERPRISE);
    }

    @Test
    void anUnknownSettingIsRefusedWithItsField() {
        assertThatThrownBy(() -> read("projects:\n  secondProject: SOMETIMES\n  clause: x\n"))
                .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("projects.secondProject")
                .hasMessageContaining("ALLOWED or REFUSED");
        assertThatThrownBy(() -> read("projects:\n  secondProject: ALLOWED\n"))
                .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("projects.clause");
    }

    private static Policy read(String projects) {
        String yaml = """
                id: t
                version: 1
                region: "999999"
                name: test
                currency: CNY
                source: none
                %srules:
                  - id: r
                    kind: TRANSFORMATION
                    title: t
                    clause: x
                    base: [software]
                    brackets:
                      - { from: 0, rate: "0.1" }
                """.formatted(projects);
        return PolicyReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "inline");
    }
}
