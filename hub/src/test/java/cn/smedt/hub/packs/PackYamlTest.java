package cn.smedt.hub.packs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pack data files bind strictly into records, and every problem names the file, the field and the line. */
class PackYamlTest {

    record Doc(String name, BigDecimal rate, Integer count, List<Item> items) {
    }

    record Item(String id, Boolean on) {
    }

    private static PackYaml.Bound<Doc> read(String yaml) {
        return PackYaml.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "doc.yaml", Doc.class);
    }

    @Test
    void bindsDecimalsFromTheirTextAndKnowsTheLineOfEveryValue() {
        PackYaml.Bound<Doc> doc = read("""
                # a comment
                name: 1
                rate: 0.40
                items:
                  - id: a
                  - { id: b, on: true }
                """);
        assertThat(doc.value().name()).isEqualTo("1");
        assertThat(doc.value().rate()).isEqualTo(new BigDecimal("0.40"));
        assertThat(doc.line("rate")).isEqualTo(3);
        assertThat(doc.line("items[1]")).isEqualTo(6);
        assertThat(doc.line("items[1].on")).isEqualTo(6);
        assertThat(doc.line("items[0].on")).as("absent: its mapping's line").isEqualTo(5);
        assertThat(doc.fail("items[0].on", "missing required field")).hasMessage(
                "doc.yaml: items[0].on: missing required field (line 5)");
    }

    @Test
    void refusesUnknownAndDuplicateKeysAndWrongTypesWithFileFieldAndLine() {
        assertThatThrownBy(() -> read("name: x\nitems:\n  - { id: a, of: true }\n"))
                .isInstanceOf(PackDefinitionException.class)
                .hasMessage("doc.yaml: items[0].of: unknown key (allowed here: id, on) (line 3)");
        assertThatThrownBy(() -> read("name: x\nname: y\n"))
                .hasMessage("doc.yaml: not valid YAML: Duplicate field 'name' (line 2)");
        assertThatThrownBy(() -> read("name: x\ncount: 1.5\n"))
                .hasMessageStartingWith("doc.yaml: count: ").hasMessageEndingWith("(line 2)");
        assertThatThrownBy(() -> read("rate: abc\n"))
                .hasMessage("doc.yaml: rate: not a decimal number: abc (line 1)");
        assertThatThrownBy(() -> read("- a\n"))
                .hasMessage("doc.yaml: expected a YAML mapping at the top level (line 1)");
    }
}
