package cn.smedt.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The typed KPI report gives platforms the bytes of the map it replaced (eventType, reportId, then the KPIs, each
 * device's fields; nulls left out, as the hub's JSON settings left them out of the map); so does the getDeviceKpis answer ({@link EnterpriseKpis}).
 */
class DeviceKpiReportTest {

    /** The hub's JSON settings (application.yml, node.JsonConfiguration: decimals as plain strings). */
    static final ObjectMapper HUB_JSON = Jackson2ObjectMapperBuilder.json()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializerByType(BigDecimal.class, new JsonSerializer<BigDecimal>() {
                @Override
                public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider)
                        throws IOException {
                    gen.writeString(value.toPlainString());
                }
            }).build();

    static final BigDecimal IDEAL_CYCLE = new BigDecimal("30");
    static final KpiTotals KILN = new KpiTotals(330, 120, 0, 60, 10, new BigDecimal("1.2345"), 4, 1);

    @Test
    void sameBytesAsTheMapItReplaced() throws Exception {
        EnterpriseKpis kpis = new EnterpriseKpis("91410000170001401D", "2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z",
                3, 2, 1, new BigDecimal("0.3333"), KILN.figures(IDEAL_CYCLE), "quality = 1 (no scrap counts"
                + " reported); ideal cycle 30 s per part; planned time excludes OFF", List.of(
                new EnterpriseKpis.Device("kiln-1", true, "Kiln 1", "kiln", true, "RUN", "2026-12-01T09:59:30Z",
                        KILN.figures(IDEAL_CYCLE)),
                new EnterpriseKpis.Device("kiln-2", true, null, null, false, null, null,
                        KpiTotals.NONE.figures(IDEAL_CYCLE)),
                new EnterpriseKpis.Device("press-9", false, null, "press", false, "OFF", "2026-12-01T08:00:00Z",
                        KpiTotals.NONE.figures(IDEAL_CYCLE))));

        Map<String, Object> before = new LinkedHashMap<>();
        before.put("eventType", "device-kpis");
        before.put("reportId", "kpi-91410000170001401D-42");
        before.putAll(mapOf(kpis));

        assertThat(HUB_JSON.writeValueAsString(new DeviceKpiReport("device-kpis", "kpi-91410000170001401D-42",
                kpis))).isEqualTo(HUB_JSON.writeValueAsString(before));
        assertThat(HUB_JSON.writeValueAsString(kpis)).isEqualTo(HUB_JSON.writeValueAsString(mapOf(kpis)));
    }

    @Test
    void anEnterpriseWithoutDevicesLeavesItsNullRatiosOut() throws Exception {
        EnterpriseKpis kpis = new EnterpriseKpis("91410000170001401D", "2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z",
                0, 0, 0, null, KpiTotals.NONE.figures(IDEAL_CYCLE), "assumptions", List.of());

        assertThat(HUB_JSON.writeValueAsString(kpis)).isEqualTo(HUB_JSON.writeValueAsString(mapOf(kpis)))
                .doesNotContain("onlineRate", "oee");
    }

    /** The KPIs as the map DeviceKpis answered before they were typed, built the way it built it. */
    static Map<String, Object> mapOf(EnterpriseKpis kpis) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("uscc", kpis.uscc());
        answer.put("windowStart", kpis.windowStart());
        answer.put("windowEnd", kpis.windowEnd());
        answer.put("devicesKnown", kpis.devicesKnown());
        answer.put("devicesRegistered", kpis.devicesRegistered());
        answer.put("devicesOnline", kpis.devicesOnline());
        answer.put("onlineRate", kpis.onlineRate());
        answer.putAll(mapOf(kpis.figures()));
        answer.put("assumptions", kpis.assumptions());
        List<Map<String, Object>> devices = kpis.devices().stream().map(d -> {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("deviceId", d.deviceId());
            device.put("registered", d.registered());
            // the registered fields (DeviceRegister.devicesOf: deviceId, then name and kind when set)
            if (d.name() != null) {
                device.put("name", d.name());
            }
            if (d.kind() != null) {
                device.put("kind", d.kind());
            }
            device.put("online", d.online());
            device.put("state", d.state());
            device.put("lastSeen", d.lastSeen());
            device.putAll(mapOf(d.figures()));
            return device;
        }).toList();
        answer.put("devices", devices);
        return answer;
    }

    private static Map<String, Object> mapOf(KpiTotals.Figures f) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("runSeconds", f.runSeconds());
        figures.put("idleSeconds", f.idleSeconds());
        figures.put("alarmSeconds", f.alarmSeconds());
        figures.put("offSeconds", f.offSeconds());
        figures.put("parts", f.parts());
        figures.put("energyKwh", f.energyKwh());
        figures.put("intervals", f.intervals());
        figures.put("lateSamples", f.lateSamples());
        figures.put("utilisation", f.utilisation());
        figures.put("availability", f.availability());
        figures.put("performance", f.performance());
        figures.put("quality", f.quality());
        figures.put("oee", f.oee());
        return figures;
    }
}
