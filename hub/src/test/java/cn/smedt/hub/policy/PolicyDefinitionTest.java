package cn.smedt.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Broken policies (src/test/resources/policy/broken-*.yaml) are refused with the file and the field named. */
class PolicyDefinitionTest {

    private static Policy read(String resource) {
        InputStream in = PolicyDefinitionTest.class.getClassLoader().getResourceAsStream(resource);
        assertThat(in).as(resource).isNotNull();
        return PolicyReader.read(in, resource);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "broken-unknown-key.yaml         | rules[0].brackets[0].rat        | unknown key",
        "broken-overlapping-brackets.yaml | rules[0].brackets[1].from      | overlaps",
        "broken-missing-source.yaml      | source                          | missing required field",
        "broken-undefined-parameter.yaml | rules[0].brackets[1].rateParameter | no parameter named it-rate",
        "broken-rate-as-percent.yaml     | rules[0].brackets[0].rate       | fraction between 0 and 1",
        "broken-interest-without-terms.yaml | rules[0].interest            | missing required field",
        "broken-unknown-category.yaml    | rules[0].base[1]                | unknown spend category",
        "broken-duplicate-key.yaml       |                                 | not valid YAML",
    })
    void namesTheFileAndTheField(String file, String field, String problem) {
        String resource = "policy/" + file;
        assertThatThrownBy(() -> read(resource))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageStartingWith(resource + ": " + (field == null ? "" : field))
                .hasMessageContaining(problem)
                .satisfies(e -> {
                    PolicyDefinitionException p = (PolicyDefinitionException) e;
                    assertThat(p.file()).isEqualTo(resource);
                    assertThat(p.field()).isEqualTo(field == null ? "" : field);
                });
    }

    @Test
    void unquotedDecimalsAreReadExactly() {
        String yaml = """
                id: t
                version: 1
                region: "999999"
                name: test
                currency: CNY
                source: none
                rules:
                  - id: r
                    kind: TRANSFORMATION
                    title: t
                    clause: x
                    base: [software]
                    brackets:
                      - { from: 0, to: 100000.5, rate: 0.1 }
                """;
        Policy p = PolicyReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "inline");
        Bracket b = p.rules().get(0).brackets().get(0);
        assertThat(b.rate()).isEqualTo(new java.math.BigDecimal("0.1"));
        assertThat(b.to()).isEqualTo(new java.math.BigDecimal("100000.50"));
        assertThat(p.version()).isEqualTo("1");
    }
}
