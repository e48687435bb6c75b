package cn.smedt.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** The typed KPI report gives platforms the bytes of the map it replaced (eventType, reportId, then the KPIs). */
class DeviceKpiReportTest {

    static final ObjectMapper HUB_JSON = Jackson2ObjectMapperBuilder.json()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void sameBytesAsTheMapItReplaced() throws Exception {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("deviceId", "kiln-1");
        device.put("state", null);
        Map<String, Object> kpis = new LinkedHashMap<>();
        kpis.put("uscc", "91410000170001401D");
        kpis.put("devicesKnown", 1);
        kpis.put("oee", new BigDecimal("0.7500"));
        kpis.put("lastSeen", null);
        kpis.put("devices", List.of(device));
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("eventType", "device-kpis");
        before.put("reportId", "kpi-91410000170001401D-42");
        before.putAll(kpis);

        assertThat(HUB_JSON.writeValueAsString(new DeviceKpiReport("device-kpis", "kpi-91410000170001401D-42",
                kpis))).isEqualTo(HUB_JSON.writeValueAsString(before));
    }
}
