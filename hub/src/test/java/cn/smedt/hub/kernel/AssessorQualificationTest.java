package cn.smedt.hub.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An assessor's qualification covers its first and last day; open ends are open. */
class AssessorQualificationTest {

    @Test
    void bothEndsAreInclusive() {
        var q = new AssessorQualification("CMA-2023-001", LocalDate.of(2023, 1, 1), LocalDate.of(2025, 12, 31));
        assertThat(q.covers(LocalDate.of(2023, 1, 1))).isTrue();
        assertThat(q.covers(LocalDate.of(2025, 12, 31))).isTrue();
        assertThat(q.covers(LocalDate.of(2022, 12, 31))).isFalse();
        assertThat(q.covers(LocalDate.of(2026, 1, 1))).isFalse();
        assertThat(q.period()).isEqualTo("2023-01-01..2025-12-31");
    }

    @Test
    void openEnds() {
        assertThat(new AssessorQualification(null, null, LocalDate.of(2025, 1, 1)).covers(LocalDate.of(1990, 1, 1)))
                .isTrue();
        assertThat(new AssessorQualification(null, LocalDate.of(2025, 1, 1), null).covers(LocalDate.of(2099, 1, 1)))
                .isTrue();
    }

    @Test
    void endingBeforeItStartsIsAConfigurationError() {
        assertThatThrownBy(() -> new AssessorQualification("X", LocalDate.of(2025, 1, 1), LocalDate.of(2024, 1, 1)))
                .isInstanceOf(PartnerConfigurationException.class).hasMessageContaining("ends (2024-01-01)");
    }

    @Test
    void aPartnerWithoutQualificationIsQualifiedOnNoDay() {
        Partner bank = new Partner("b", "b", PartnerType.BANK, Set.of(), Set.of(), 1, null);
        assertThat(bank.qualifiedOn(LocalDate.of(2025, 1, 1))).isFalse();
    }
}
