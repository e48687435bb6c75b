package cn.smedt.hub.progress;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.node.ProgrammeCalendar;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The daily trend's devices online, day by day in China: a device counts on each day it has a minute of, once however
 * many minutes, the same device id of two enterprises twice, only in the region its enterprise is registered in, and
 * not before the first day shown.
 */
@HubIT
class DailyTrendsIT {

    static final String GONGYI = uscc("91410181MA0TRD001");   // 巩义市 (410181)
    static final String XINGYANG = uscc("91410182MA0TRD002"); // 荥阳市 (410182)

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProgrammeCalendar calendar;

    @Autowired
    DailyTrends trends;

    static String uscc(String first17) {
        return first17 + Uscc.checkCharacter(first17);
    }

    @Test
    void devicesOnlineCountPerDayInChina() throws Exception {
        register(GONGYI, "410181");
        register(XINGYANG, "410182");
        LocalDate today = calendar.today();
        LocalDate first = today.minusDays(13);
        minute(GONGYI, "kiln-1", today, LocalTime.MIDNIGHT);
        minute(GONGYI, "kiln-1", today.minusDays(1), LocalTime.of(12, 0));
        minute(GONGYI, "kiln-1", today.minusDays(1), LocalTime.of(23, 59));
        minute(GONGYI, "kiln-2", today.minusDays(1), LocalTime.of(23, 59));
        minute(GONGYI, "press-1", today.minusDays(5), LocalTime.of(8, 0));
        minute(XINGYANG, "press-1", today.minusDays(5), LocalTime.of(9, 0));
        minute(XINGYANG, "press-1", first, LocalTime.MIDNIGHT);
        minute(GONGYI, "kiln-3", first.minusDays(1), LocalTime.of(23, 59));

        Map<LocalDate, Integer> gongyi = online("410181");
        assertThat(gongyi).hasSize(14).containsEntry(today, 1).containsEntry(today.minusDays(1), 2)
                .containsEntry(today.minusDays(5), 1).containsEntry(first, 0);
        assertThat(gongyi.values().stream().mapToInt(Integer::intValue).sum()).as("no other day").isEqualTo(4);
        Map<LocalDate, Integer> city = online("410100");
        assertThat(city).hasSize(14).containsEntry(today, 1).containsEntry(today.minusDays(1), 2)
                .containsEntry(today.minusDays(5), 2).containsEntry(first, 1);
        assertThat(city.values().stream().mapToInt(Integer::intValue).sum()).as("no other day").isEqualTo(6);
        assertThat(online("410183").values()).as("新密市: none").containsOnly(0);
    }

    private Map<LocalDate, Integer> online(String region) {
        Map<LocalDate, Integer> byDay = new HashMap<>();
        List<Map<String, Object>> rows = trends.lastDays(region, 14);
        rows.forEach(row -> byDay.put(LocalDate.parse((String) row.get("day")),
                ((Number) row.get("devicesOnline")).intValue()));
        return byDay;
    }

    private void register(String uscc, String region) throws Exception {
        assertThat(SignedCall.post(HubNode.url(port), "/api/v1/enterprises", """
                {"uscc":"%s","name":"趋势测试企业","regionCode":"%s","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(uscc, region))
                .by(GOV_ZZ.signer()).send().status()).isEqualTo(201);
    }

    private void minute(String uscc, String device, LocalDate day, LocalTime at) {
        jdbc.update("insert into device_minute (uscc, device_id, minute_start, run_s, idle_s, alarm_s, off_s, parts,"
                + " energy_kwh, samples) values (?, ?, ?, 60, 0, 0, 0, 1, 0.100000000, 6)", uscc, device,
                Timestamp.from(day.atTime(at).atZone(ProgrammeCalendar.ZONE).toInstant()));
    }
}
