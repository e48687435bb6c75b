package cn.smedt.hub.consent;

import cn.smedt.hub.devices.DeviceKpis;
import cn.smedt.hub.node.ProgrammeCalendar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The aggregates of a data credit profile, one method per consent category, over a data period: figures of the
 * enterprise as a whole, never a device's samples, an app's users or a record's detail.
 */
@Component
class ProfileData {

    private final JdbcTemplate jdbc;
    private final DeviceKpis deviceKpis;

    ProfileData(JdbcTemplate jdbc, DeviceKpis deviceKpis) {
        this.jdbc = jdbc;
        this.deviceKpis = deviceKpis;
    }

    /** DEVICE_KPIS: devices reporting, run time, parts, energy, utilisation and OEE over the period. */
    Map<String, Object> deviceKpis(String uscc, LocalDate from, LocalDate to) {
        return deviceKpis.enterpriseTotals(uscc, startOf(from), endOf(to));
    }

    /** CLOUD_ADOPTION: the current state if reported within the period: apps in use, payment mode, devices. */
    Map<String, Object> cloudAdoption(String uscc, LocalDate from, LocalDate to) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("reported", false);
        jdbc.query("select c.reported_on, c.payment_mode, c.devices_connected,"
                + " (select count(*) from cloud_saas_app a where a.uscc = c.uscc) from cloud_adoption c"
                + " where c.uscc = ? and c.reported_on >= ? and c.reported_on <= ?", rs -> {
                    answer.put("reported", true);
                    answer.put("reportedOn", rs.getDate(1).toLocalDate().toString());
                    answer.put("paymentMode", rs.getString(2));
                    answer.put("devicesConnected", rs.getInt(3));
                    answer.put("saasApps", rs.getLong(4));
                }, uscc, java.sql.Date.valueOf(from), java.sql.Date.valueOf(to));
        return answer;
    }

    /** DIGITAL_LEVEL: assessments in the period, the latest level and date, the highest level. */
    Map<String, Object> digitalLevel(String uscc, LocalDate from, LocalDate to) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("assessments", 0L);
        jdbc.query("select count(*), max(digital_level) from assessment where uscc = ? and assessed_on >= ?"
                + " and assessed_on <= ?", rs -> {
                    answer.put("assessments", rs.getLong(1));
                    int highest = rs.getInt(2);
                    answer.put("highestLevel", rs.wasNull() ? null : highest);
                }, uscc, java.sql.Date.valueOf(from), java.sql.Date.valueOf(to));
        jdbc.query("select assessed_on, digital_level from assessment where uscc = ? and assessed_on >= ?"
                + " and assessed_on <= ? order by assessed_on desc, received_at desc", rs -> {
                    if (!answer.containsKey("latestLevel")) {
                        answer.put("latestAssessedOn", rs.getDate(1).toLocalDate().toString());
                        answer.put("latestLevel", rs.getInt(2));
                    }
                }, uscc, java.sql.Date.valueOf(from), java.sql.Date.valueOf(to));
        return answer;
    }

    /** SUBSIDIES: the subsidies granted in the period by kind (count, yuan with 2 decimals) and in all. */
    Map<String, Object> subsidies(String uscc, LocalDate from, LocalDate to) {
        Map<String, Object> byKind = new LinkedHashMap<>();
        BigDecimal[] total = {BigDecimal.ZERO};
        jdbc.query("select kind, count(*), sum(granted) from subsidy_decision where uscc = ? and decided_at >= ?"
                + " and decided_at < ? group by kind order by kind", rs -> {
                    BigDecimal granted = rs.getBigDecimal(3).setScale(2, RoundingMode.UNNECESSARY);
                    total[0] = total[0].add(granted);
                    byKind.put(rs.getString(1), Map.of("decisions", rs.getLong(2), "granted", granted.toPlainString()));
                }, uscc, Timestamp.from(startOf(from)), Timestamp.from(endOf(to)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("granted", total[0].setScale(2, RoundingMode.UNNECESSARY).toPlainString());
        answer.put("byKind", byKind);
        return answer;
    }

    /** The instant a day starts, China time. */
    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ProgrammeCalendar.ZONE).toInstant();
    }

    /** The instant a day ends (the next one starts), China time. */
    private static Instant endOf(LocalDate day) {
        return startOf(day.plusDays(1));
    }
}
