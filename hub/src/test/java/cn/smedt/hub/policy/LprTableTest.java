package cn.smedt.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LprTableTest {

    private final LprTable shipped = Packs.LPR;

    @Test
    void shipsTheSevenPublicationsOfDomainMd() {
        assertThat(shipped.entries()).hasSize(7);
        assertThat(shipped.entries().get(0).effectiveFrom()).isEqualTo(LocalDate.of(2022, 8, 22));
        assertThat(shipped.rateOn(LocalDate.of(2024, 3, 1), Tenor.ONE_YEAR)).isEqualByComparingTo("3.45");
        assertThat(shipped.rateOn(LocalDate.of(2024, 3, 1), Tenor.FIVE_YEAR)).isEqualByComparingTo("3.95");
        assertThat(shipped.rateOn(LocalDate.of(2023, 8, 20), Tenor.ONE_YEAR)).isEqualByComparingTo("3.55");
        assertThat(shipped.rateOn(LocalDate.of(2026, 1, 1), Tenor.FIVE_YEAR)).isEqualByComparingTo("3.50");
    }

    @Test
    void refusesDatesBeforeTheFirstEntry() {
        assertThatThrownBy(() -> shipped.rateOn(LocalDate.of(2022, 8, 21), Tenor.ONE_YEAR))
                .isInstanceOf(LprNotAvailableException.class);
    }

    @Test
    void withEntryReturnsANewTableAndTheHolderSwapsIt() {
        LprEntry next = new LprEntry(LocalDate.of(2026, 1, 20), new BigDecimal("2.90"), new BigDecimal("3.40"));
        LprTable updated = shipped.withEntry(next);
        assertThat(updated.rateOn(LocalDate.of(2026, 2, 1), Tenor.ONE_YEAR)).isEqualByComparingTo("2.90");
        assertThat(shipped.rateOn(LocalDate.of(2026, 2, 1), Tenor.ONE_YEAR)).isEqualByComparingTo("3.00");

        CurrentLprTable current = new CurrentLprTable(shipped);
        current.addEntry(next);
        assertThat(current.current().entries()).hasSize(8);
        // same date replaces (a correction)
        current.addEntry(new LprEntry(LocalDate.of(2026, 1, 20), new BigDecimal("2.95"), new BigDecimal("3.40")));
        assertThat(current.current().entries()).hasSize(8);
        assertThat(current.current().rateOn(LocalDate.of(2026, 1, 20), Tenor.ONE_YEAR)).isEqualByComparingTo("2.95");
        current.replace(LprTable.of(java.util.List.of(next)));
        assertThat(current.current().entries()).containsExactly(next);
    }

    @Test
    void readsUnquotedRatesExactlyAndRefusesDisorder() {
        String ok = "entries:\n  - { effective: 2024-02-20, oneYear: 3.45, fiveYear: 3.95 }\n";
        LprTable t = LprTable.read(new ByteArrayInputStream(ok.getBytes(StandardCharsets.UTF_8)), "inline");
        assertThat(t.rateOn(LocalDate.of(2024, 2, 20), Tenor.ONE_YEAR)).isEqualTo(new BigDecimal("3.45"));

        String disordered = "entries:\n  - { effective: 2024-02-20, oneYear: \"3.45\", fiveYear: \"3.95\" }\n"
                + "  - { effective: 2023-02-20, oneYear: \"3.65\", fiveYear: \"4.30\" }\n";
        assertThatThrownBy(() -> LprTable.read(new ByteArrayInputStream(disordered.getBytes(StandardCharsets.UTF_8)),
                "inline")).isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("entries[1].effective");
    }
}
