package cn.smedt.hub.assessments;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.model.DecisionDetail;
import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.policy.PolicyEngine;
import cn.smedt.hub.policy.PolicyPacks;
import cn.smedt.hub.policy.SpendCategory;
import cn.smedt.hub.regions.RegionDirectory;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * A transformation decision's detail is the contract's one DecisionDetail shape (issue 13): typed by the model
 * generated from common.yaml (unknown fields refused), shown as an object by getAcceptance's decision records.
 */
class AcceptanceDecisionDetailTest {

    private static final ObjectMapper HUB_JSON = Jackson2ObjectMapperBuilder.json()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final ObjectMapper STRICT = HUB_JSON.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final TransformationPolicy policy = new TransformationPolicy(
            PolicyPacks.fromClasspath(getClass().getClassLoader()), new RegionDirectory(), new PolicyEngine());

    @Test
    void theDetailIsTheContractsDecisionDetail() throws Exception {
        Map<SpendCategory, BigDecimal> spend = new EnumMap<>(SpendCategory.class);
        spend.put(SpendCategory.SOFTWARE, new BigDecimal("600000.00"));
        spend.put(SpendCategory.AUTOMATION_EQUIPMENT, new BigDecimal("1000000.00"));
        Acceptance acceptance = new Acceptance("AC1", "assessor", "ACC-1", "91410181MA40A0003L", "410181",
                LocalDate.of(2025, 5, 20), true, null, null, spend, 2, "AS1", Acceptance.RECEIVED, Instant.EPOCH);
        Enterprise enterprise = new Enterprise("91410181MA40A0003L", "试点企业", "410181", "ZZ-REFRACTORIES",
                "ABOVE_DESIGNATED_SIZE", List.of(), true, null, "gov", Instant.EPOCH, Instant.EPOCH);
        KindDecision kind = policy.decide(policy.policyFor("410181").orElseThrow(), acceptance, enterprise).get(1);
        Grant grant = new Grant(kind.chosen().granted(), kind.chosen().granted(), kind.chosen().granted(),
                new BigDecimal("1200000.00"), false, false);

        String text = AcceptanceDecisionDetail.render(HUB_JSON, acceptance, kind, grant);
        DecisionDetail typed = STRICT.readValue(text, DecisionDetail.class);
        assertThat(typed.getAcceptanceId()).isEqualTo("ACC-1");
        assertThat(typed.getLevel()).isEqualTo(2);
        assertThat(typed.getRule().getRuleId()).isEqualTo(kind.chosen().ruleId());
        assertThat(typed.getRule().getGranted()).isEqualTo("800000.00");
        assertThat(typed.getRule().getLines()).isNotEmpty();
        assertThat(typed.getRule().getLinesOmitted()).isNull();
        assertThat(typed.getLedger().getCapRemaining()).isEqualTo("1200000.00");
        assertThat(typed.getDaysCounted()).isNull();

        TransformationDecision decision = new TransformationDecision("SD1", "AC1", "TRANSFORMATION",
                acceptance.uscc(), "410181", "assessor", "zhengzhou-smedt-2024", "1", kind.chosen().ruleId(),
                kind.chosen().granted(), grant.granted(), grant.capRemaining(), "granted", text, Instant.EPOCH);
        ObjectMapper mapper = HUB_JSON;
        var view = mapper.createObjectNode();
        view.putArray("decisions").addPOJO(decision);
        JsonNode shown = mapper.readTree(mapper.writeValueAsString(view)).path("decisions").path(0).path("detail");
        assertThat(shown.isObject()).isTrue();
        assertThat(shown.path("rule").path("granted").asText()).isEqualTo("800000.00");
    }
}
