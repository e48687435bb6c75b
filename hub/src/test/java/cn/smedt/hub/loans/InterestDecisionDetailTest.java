package cn.smedt.hub.loans;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.model.DecisionDetail;
import cn.smedt.hub.policy.CurrentLprTable;
import cn.smedt.hub.policy.InterestSubsidyCalculator;
import cn.smedt.hub.policy.LprTable;
import cn.smedt.hub.policy.PolicyPacks;
import cn.smedt.hub.regions.RegionDirectory;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The interest decision's detail is the contract's one DecisionDetail shape (issue 13): it reads back into the model
 * generated from common.yaml with unknown fields refused, and a decision shows it as an object, not a string.
 */
class InterestDecisionDetailTest {

    static final ObjectMapper HUB_JSON = Jackson2ObjectMapperBuilder.json()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final ObjectMapper STRICT = HUB_JSON.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final InterestPolicy policy = new InterestPolicy(PolicyPacks.fromClasspath(getClass().getClassLoader()),
            new RegionDirectory(), new CurrentLprTable(LprTable.fromClasspath(getClass().getClassLoader())),
            new InterestSubsidyCalculator(), HUB_JSON);

    @Test
    void theDetailIsTheContractsDecisionDetailAndIsShownAsAnObject() throws Exception {
        // Zhengzhou 数字贷, 3-year loan: window [2024-03-01, 2026-03-01); period [2026-01-01, 2026-04-01), 59 of 90
        // days inside: min(paid 6,000.00 x 59/90 = 3,933.33, 1,000,000 x 3.45% x 59/360 = 5,654.17) = 3,933.33
        Loan loan = new Loan("LN1", "bank-zz", "ZZ-1", "91410181MA40A0003L", "410181", "DIGITAL_LOAN",
                new BigDecimal("1000000.00"), LocalDate.of(2024, 3, 1), LocalDate.of(2027, 3, 1), "3.4500", null,
                Instant.EPOCH);
        InterestPeriod period = new InterestPeriod("IP1", "LN1", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1),
                new BigDecimal("1000000.00"), new BigDecimal("6000.00"), null, "RECEIVED", Instant.EPOCH);
        InterestPolicy.Calculation calc = policy.calculate(loan, period);

        DecisionDetail typed = STRICT.readValue(calc.detail(), DecisionDetail.class);
        assertThat(typed.getDaysCounted()).isEqualTo(59L);
        assertThat(typed.getPeriodDays()).isEqualTo(90L);
        assertThat(typed.getInterestPaidInWindow()).isEqualTo("3933.33");
        assertThat(typed.getWindowEnd()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(typed.getFormula())
                .isEqualTo("min(paid 6000.00 x 59/90 = 3933.33, 1000000.00 x 3.45% x 59/360 = 5654.17) = 3933.33");
        assertThat(typed.getRule()).isNull();

        SubsidyDecisionRecord decision = new SubsidyDecisionRecord("SD1", "IP1", "INTEREST", loan.uscc(), "410181",
                "LN1", "bank-zz", calc.terms().policyId(), calc.terms().version(), calc.terms().ruleId(),
                calc.eligible(), calc.eligible(), null, calc.reasonCode(), calc.detail(), Instant.EPOCH);
        JsonNode shown = HUB_JSON.readTree(HUB_JSON.writeValueAsString(Map.of("decisions", java.util.List.of(decision))));
        JsonNode detail = shown.path("decisions").path(0).path("detail");
        assertThat(detail.isObject()).isTrue();
        assertThat(detail.path("daysCounted").asLong()).isEqualTo(59);
        assertThat(detail.has("otherRules")).isFalse();
    }
}
