package cn.smedt.hub.assessments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** MIIT 2024 scored part: parts add up exactly to the total, at most 2 decimals per score. */
class ScoreBreakdownTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static JsonNode scores(String equipment, String data, String info, String security, String management,
                                   String effect, String total) throws Exception {
        return JSON.readTree("""
                {"equipmentAndSystems":%s,"dataCollection":%s,"informationSystems":%s,"security":%s,
                 "management":%s,"effect":%s,"total":%s}""".formatted(equipment, data, info, security, management,
                effect, total));
    }

    @Test
    void partsThatAddUpAreConsistent() throws Exception {
        // 18.5 + 8 + 7.5 + 6 + 20.25 + 12 = 72.25
        ScoreBreakdown s = ScoreBreakdown.read(scores("18.5", "8", "7.5", "6", "20.25", "12", "72.25"), "/scores");
        assertThat(s.partsSum()).isEqualByComparingTo("72.25");
        assertThat(s.foundation()).isEqualByComparingTo("40.00");
        assertThat(s.inconsistency()).isEmpty();
        assertThat(s.total().scale()).isEqualTo(2);
    }

    @Test
    void partsThatDoNotAddUpAreRefusedAtTheTotal() throws Exception {
        // 18.5 + 8 + 7.5 + 6 + 20.25 + 12 = 72.25, not 73
        ScoreBreakdown s = ScoreBreakdown.read(scores("18.5", "8", "7.5", "6", "20.25", "12", "73"), "/scores");
        assertThat(s.inconsistency()).hasValueSatisfying(why -> assertThat(why)
                .contains("add up to 72.25").contains("foundation 40.00").contains("total is 73.00"));
        assertThatThrownBy(() -> s.requireConsistent("/scores")).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo(ProblemCode.SCORES_INCONSISTENT);
            assertThat(e.errors()).singleElement().satisfies(error -> {
                assertThat(error.code()).isEqualTo("scores-inconsistent");
                assertThat(error.pointer()).isEqualTo("/scores/total");
            });
        });
    }

    @Test
    void noToleranceForAHundredth() throws Exception {
        ScoreBreakdown s = ScoreBreakdown.read(scores("20", "10", "10", "10", "30", "19.99", "100"), "/scores");
        assertThat(s.inconsistency()).isPresent();
    }

    @Test
    void moreThanTwoDecimalsIsAValidationFailureOfThatField() throws Exception {
        assertThatThrownBy(() -> ScoreBreakdown.read(scores("18.5", "8", "7.5", "6.125", "20", "12", "72.125"),
                "/scores")).isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
                    assertThat(e.errors()).extracting(error -> error.code() + " " + error.pointer())
                            .containsExactly("field-precision /scores/security", "field-precision /scores/total");
                });
    }

    @Test
    void trailingZerosAreNotDecimals() throws Exception {
        ScoreBreakdown s = ScoreBreakdown.read(scores("18.500", "8", "7.5", "6", "20", "12", "72.0000"), "/scores");
        assertThat(s.inconsistency()).isEmpty();
        assertThat(s.equipmentAndSystems()).isEqualTo(new java.math.BigDecimal("18.50"));
    }

    @Test
    void sameScoresWhateverTheirScale() throws Exception {
        ScoreBreakdown a = ScoreBreakdown.read(scores("18.5", "8", "7.5", "6", "20", "12", "72"), "/scores");
        ScoreBreakdown b = new ScoreBreakdown(new java.math.BigDecimal("18.5"), new java.math.BigDecimal("8.0"),
                new java.math.BigDecimal("7.50"), new java.math.BigDecimal("6"), new java.math.BigDecimal("20"),
                new java.math.BigDecimal("12"), new java.math.BigDecimal("72.000"));
        assertThat(a.sameAs(b)).isTrue();
    }
}
