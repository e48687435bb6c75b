package cn.smedt.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The typed decision payload gives partners the bytes the row dump gave ({@code select * from subsidy_decision}
 * camel-cased, money as 2-place strings, instants ISO-8601, nulls left out), with the hub's ObjectMapper settings;
 * only {@code detail} is the stored JSON written as an object (contract DecisionDetail, issue 13).
 */
class SubsidyDecisionEventTest {

    static final ObjectMapper HUB_JSON = Jackson2ObjectMapperBuilder.json()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void sameBytesAsTheRowDump() throws Exception {
        Instant decided = Instant.parse("2026-12-01T08:15:30.123456Z");
        Map<String, Object> rowDump = new LinkedHashMap<>();
        rowDump.put("eventType", "subsidy-decision");
        rowDump.put("decisionId", "SD0123456789abcdef01234567");
        rowDump.put("recordId", "AC0123456789abcdef01234567");
        rowDump.put("kind", "TRANSFORMATION");
        rowDump.put("uscc", "91410000170001401D");
        rowDump.put("regionCode", "420102");
        rowDump.put("loanId", null);
        rowDump.put("partnerId", "assessor-wh");
        rowDump.put("policyId", "wuhan-smedt-2023");
        rowDump.put("policyVersion", "1");
        rowDump.put("ruleId", null);
        rowDump.put("eligible", "380000.00");
        rowDump.put("granted", "380000.00");
        rowDump.put("capRemaining", null);
        rowDump.put("reasonCode", "granted");
        rowDump.put("detail", Map.of("level", 3)); // issue 13: the DecisionDetail object, no longer a string
        rowDump.put("decidedAt", decided.toString());

        SubsidyDecisionEvent typed = new SubsidyDecisionEvent("subsidy-decision", "SD0123456789abcdef01234567",
                "AC0123456789abcdef01234567", "TRANSFORMATION", "91410000170001401D", "420102", null, "assessor-wh",
                "wuhan-smedt-2023", "1", null, "380000.00", "380000.00", null, "granted", "{\"level\":3}", decided);

        assertThat(HUB_JSON.writeValueAsString(typed)).isEqualTo(HUB_JSON.writeValueAsString(rowDump));
    }
}
