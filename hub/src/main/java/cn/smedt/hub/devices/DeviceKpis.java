package cn.smedt.hub.devices;

import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.gateway.ApiReply;
import cn.smedt.hub.gateway.Partner;
import cn.smedt.hub.gateway.PartnerCall;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Device KPIs of an enterprise over the last {@code hub.devices.kpi-window} (default 60 min), operation
 * getDeviceKpis. Per device and for the enterprise:
 * <ul>
 *   <li>online rate (设备联网率): devices that reported within {@code hub.devices.online-window} (5 min) / devices
 *       known (registered with registerDevices, or that ever reported);</li>
 *   <li>utilisation = availability = RUN / (RUN + IDLE + ALARM) seconds (OFF is not planned time);</li>
 *   <li>performance = parts x ideal cycle time ({@code hub.devices.ideal-cycle-seconds}) / RUN seconds, at most 1;</li>
 *   <li>quality = 1 (devices report no scrap count yet: an assumption, stated in the answer);</li>
 *   <li>OEE = availability x performance x quality; energy = kWh used in the window.</li>
 * </ul>
 */
@Component
public class DeviceKpis {

    private static final int SCALE = 4;

    private final JdbcTemplate jdbc;
    private final IMap<String, DeviceState> states;
    private final EnterpriseRegistry enterprises;
    private final DeviceRegister register;
    private final Clock clock;
    private final Duration window;
    private final Duration onlineWindow;
    private final BigDecimal idealCycleSeconds;

    DeviceKpis(JdbcTemplate jdbc, HazelcastInstance hazelcast, EnterpriseRegistry enterprises, DeviceRegister register,
               Clock clock, @Value("${hub.devices.kpi-window:PT60M}") Duration window,
               @Value("${hub.devices.online-window:PT5M}") Duration onlineWindow,
               @Value("${hub.devices.ideal-cycle-seconds:30}") BigDecimal idealCycleSeconds) {
        this.jdbc = jdbc;
        this.states = hazelcast.getMap(DeviceTelemetry.STATE_MAP);
        this.enterprises = enterprises;
        this.register = register;
        this.clock = clock;
        this.window = window;
        this.onlineWindow = onlineWindow;
        this.idealCycleSeconds = idealCycleSeconds;
    }

    /** The KPIs for a partner whose regions cover the enterprise. */
    public ApiReply forEnterprise(@Header(PartnerCall.PATH_PREFIX + "uscc") String uscc,
                                  @Header(PartnerCall.PARTNER) Partner partner) {
        Enterprise enterprise = enterprises.visibleTo(uscc, partner);
        return ApiReply.ok(kpis(enterprise.uscc()));
    }

    /** The window the KPIs are computed over ({@code hub.devices.kpi-window}). */
    Duration window() {
        return window;
    }

    /**
     * The KPIs of all devices of enterprises whose region code starts with {@code regionPrefix} (aggregates only, for
     * the progress summary and the dashboard): devices known and online, online rate, utilisation, OEE, parts and
     * energy over the KPI window.
     */
    public Map<String, Object> forRegion(String regionPrefix) {
        Instant now = clock.instant();
        long[] sum = new long[7];
        BigDecimal[] energy = {BigDecimal.ZERO};
        jdbc.query("select sum(m.run_s), sum(m.idle_s), sum(m.alarm_s), sum(m.off_s), sum(m.parts), sum(m.energy_kwh),"
                + " sum(m.samples), sum(m.late) from device_minute m join enterprise e on e.uscc = m.uscc"
                + " where e.region_code like ? and m.minute_start >= ?", rs -> {
                    for (int i = 0; i < 5; i++) {
                        sum[i] = rs.getLong(i + 1);
                    }
                    sum[5] = rs.getLong(7);
                    sum[6] = rs.getLong(8);
                    energy[0] = rs.getBigDecimal(6) == null ? BigDecimal.ZERO : rs.getBigDecimal(6);
                }, regionPrefix + "%", Timestamp.from(now.minus(window)));
        Map<String, String> regionOf = new java.util.HashMap<>();
        java.util.Set<String> known = new java.util.HashSet<>(register.keysInRegion(regionPrefix));
        long online = 0;
        for (DeviceState state : states.values()) {
            String region = regionOf.computeIfAbsent(state.uscc(), uscc -> enterprises.find(uscc)
                    .map(Enterprise::regionCode).orElse(""));
            if (region.startsWith(regionPrefix)) {
                known.add(DeviceTelemetry.key(state.uscc(), state.deviceId()));
                online += state.at().isBefore(now.minus(onlineWindow)) ? 0 : 1;
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("known", (long) known.size());
        answer.put("online", online);
        answer.put("onlineRate", known.isEmpty() ? null : ratio(online, known.size()));
        answer.put("windowMinutes", window.toMinutes());
        Map<String, Object> figures = figures(sum, energy[0]);
        for (String name : List.of("runSeconds", "parts", "energyKwh", "utilisation", "oee", "intervals", "lateSamples")) {
            answer.put(name, figures.get(name));
        }
        return answer;
    }

    Map<String, Object> kpis(String uscc) {
        Instant now = clock.instant();
        Map<String, long[]> totals = new TreeMap<>();
        Map<String, BigDecimal> energy = new TreeMap<>();
        jdbc.query("select device_id, sum(run_s), sum(idle_s), sum(alarm_s), sum(off_s), sum(parts), sum(energy_kwh),"
                + " sum(samples), sum(late) from device_minute where uscc = ? and minute_start >= ? group by device_id",
                rs -> {
                    totals.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(8), rs.getLong(9)});
                    energy.put(rs.getString(1), rs.getBigDecimal(7));
                }, uscc, Timestamp.from(now.minus(window)));
        Map<String, DeviceState> latest = new TreeMap<>();
        states.entrySet(Predicates.like("__key", uscc + "/%")).forEach(e -> latest.put(e.getValue().deviceId(),
                e.getValue()));
        List<Map<String, Object>> devices = new ArrayList<>();
        long[] sum = new long[7];
        BigDecimal energySum = BigDecimal.ZERO;
        int online = 0;
        java.util.Set<String> known = new java.util.TreeSet<>(latest.keySet());
        known.addAll(totals.keySet());
        Map<String, Map<String, Object>> registered = new TreeMap<>();
        register.devicesOf(uscc).forEach(device -> registered.put((String) device.get("deviceId"), device));
        known.addAll(registered.keySet());
        for (String deviceId : known) {
            long[] t = totals.getOrDefault(deviceId, new long[7]);
            BigDecimal kwh = energy.getOrDefault(deviceId, BigDecimal.ZERO);
            DeviceState state = latest.get(deviceId);
            boolean isOnline = state != null && !state.at().isBefore(now.minus(onlineWindow));
            online += isOnline ? 1 : 0;
            for (int i = 0; i < 7; i++) {
                sum[i] += t[i];
            }
            energySum = energySum.add(kwh);
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("deviceId", deviceId);
            device.put("registered", registered.containsKey(deviceId));
            if (registered.containsKey(deviceId)) {
                registered.get(deviceId).forEach((field, value) -> device.putIfAbsent(field, value));
            }
            device.put("online", isOnline);
            device.put("state", state == null ? null : state.state().name());
            device.put("lastSeen", state == null ? null : state.at().toString());
            device.putAll(figures(t, kwh));
            devices.add(device);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("uscc", uscc);
        answer.put("windowStart", now.minus(window).toString());
        answer.put("windowEnd", now.toString());
        answer.put("devicesKnown", known.size());
        answer.put("devicesRegistered", registered.size());
        answer.put("devicesOnline", online);
        answer.put("onlineRate", known.isEmpty() ? null : ratio(online, known.size()));
        answer.putAll(figures(sum, energySum));
        answer.put("assumptions", "quality = 1 (no scrap counts reported); ideal cycle " + idealCycleSeconds
                + " s per part; planned time excludes OFF");
        answer.put("devices", devices);
        return answer;
    }

    private Map<String, Object> figures(long[] t, BigDecimal kwh) {
        long run = t[0];
        long planned = t[0] + t[1] + t[2];
        BigDecimal availability = planned == 0 ? null : ratio(run, planned);
        BigDecimal performance = run == 0 ? null : BigDecimal.valueOf(t[4]).multiply(idealCycleSeconds)
                .divide(BigDecimal.valueOf(run), SCALE, RoundingMode.HALF_UP).min(BigDecimal.ONE.setScale(SCALE));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("runSeconds", t[0]);
        figures.put("idleSeconds", t[1]);
        figures.put("alarmSeconds", t[2]);
        figures.put("offSeconds", t[3]);
        figures.put("parts", t[4]);
        figures.put("energyKwh", kwh.setScale(3, RoundingMode.HALF_UP).toPlainString());
        figures.put("intervals", t[5]);
        figures.put("lateSamples", t[6]);
        figures.put("utilisation", availability);
        figures.put("availability", availability);
        figures.put("performance", performance);
        figures.put("quality", BigDecimal.ONE.setScale(SCALE));
        figures.put("oee", availability == null || performance == null ? null
                : availability.multiply(performance).setScale(SCALE, RoundingMode.HALF_UP));
        return figures;
    }

    private static BigDecimal ratio(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), SCALE, RoundingMode.HALF_UP);
    }
}
