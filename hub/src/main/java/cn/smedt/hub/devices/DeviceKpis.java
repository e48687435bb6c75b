package cn.smedt.hub.devices;

import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.regions.RegionScope;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Each is computed from the window's raw figures and rounded once ({@link KpiTotals}).
 */
@Component
public class DeviceKpis {

    /** The raw sums of device_minute that {@link #totals} reads, in its column order. */
    private static final String SUMS = "sum(m.run_s), sum(m.idle_s), sum(m.alarm_s), sum(m.off_s), sum(m.parts),"
            + " sum(m.energy_kwh), sum(m.samples), sum(m.late)";

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
    @PartnerOperation("getDeviceKpis")
    public ApiReply forEnterprise(PartnerRequest request) {
        String uscc = request.pathParam("uscc");
        Partner partner = request.partner();
        partner.requireNotBankForEnterpriseData(request.operationId());
        Enterprise enterprise = enterprises.visibleTo(uscc, partner);
        return ApiReply.ok(kpis(enterprise.uscc()));
    }

    /**
     * The enterprise's KPIs over [{@code from}, {@code to}), aggregated over all its devices (no device, no sample):
     * devices that reported in it, run seconds, parts, energy, utilisation, OEE. For the consented credit profile.
     */
    public Map<String, Object> enterpriseTotals(String uscc, Instant from, Instant to) {
        Map<String, Object> answer = new LinkedHashMap<>();
        jdbc.query("select count(distinct m.device_id), " + SUMS + " from device_minute m where m.uscc = ?"
                + " and m.minute_start >= ? and m.minute_start < ?", rs -> {
                    answer.put("devicesReporting", rs.getLong(1));
                    KpiTotals.Figures figures = totals(rs, 1).figures(idealCycleSeconds);
                    answer.put("runSeconds", figures.runSeconds());
                    answer.put("parts", figures.parts());
                    answer.put("energyKwh", figures.energyKwh());
                    answer.put("utilisation", figures.utilisation());
                    answer.put("oee", figures.oee());
                    answer.put("intervals", figures.intervals());
                }, uscc, Timestamp.from(from), Timestamp.from(to));
        return answer;
    }

    /** The window the KPIs are computed over ({@code hub.devices.kpi-window}). */
    Duration window() {
        return window;
    }

    /**
     * The KPIs of all devices of enterprises registered inside {@code scope} (aggregates only, for
     * the progress summary and the dashboard): devices known and online, online rate, utilisation, OEE, parts and
     * energy over the KPI window.
     */
    public Map<String, Object> forRegion(RegionScope scope) {
        Instant now = clock.instant();
        KpiTotals totals = jdbc.query("select " + SUMS + " from device_minute m join enterprise e on e.uscc = m.uscc"
                + " where " + scope.condition("e.region_code") + " and m.minute_start >= ?", (rs, row) -> totals(rs, 0),
                scope.arguments(Timestamp.from(now.minus(window)))).stream().findFirst().orElse(KpiTotals.NONE);
        Map<String, String> regionOf = new java.util.HashMap<>();
        java.util.Set<String> known = new java.util.HashSet<>(register.keysInRegion(scope));
        long online = 0;
        for (DeviceState state : states.values()) {
            String region = regionOf.computeIfAbsent(state.uscc(), uscc -> enterprises.find(uscc)
                    .map(Enterprise::regionCode).orElse(""));
            if (scope.contains(region)) {
                known.add(DeviceTelemetry.key(state.uscc(), state.deviceId()));
                online += state.at().isBefore(now.minus(onlineWindow)) ? 0 : 1;
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("known", (long) known.size());
        answer.put("online", online);
        answer.put("onlineRate", KpiTotals.ratio(BigDecimal.valueOf(online), BigDecimal.valueOf(known.size())));
        answer.put("windowMinutes", window.toMinutes());
        KpiTotals.Figures figures = totals.figures(idealCycleSeconds);
        answer.put("runSeconds", figures.runSeconds());
        answer.put("parts", figures.parts());
        answer.put("energyKwh", figures.energyKwh());
        answer.put("utilisation", figures.utilisation());
        answer.put("oee", figures.oee());
        answer.put("intervals", figures.intervals());
        answer.put("lateSamples", figures.lateSamples());
        return answer;
    }

    /**
     * The devices of the enterprises registered inside {@code scope} (the operators' dashboard,
     * which may show enterprise-level data): registered ones and those that ever reported, each with its enterprise,
     * online (reported within {@code hub.devices.online-window}) or not, its last state and when it was last seen
     * (null: never reported); offline devices first, then by enterprise and device id; at most {@code limit}.
     */
    public List<Map<String, Object>> devicesIn(RegionScope scope, int limit) {
        Instant now = clock.instant();
        Map<String, java.util.Optional<Enterprise>> found = new java.util.HashMap<>();
        Map<String, Map<String, Object>> byKey = new TreeMap<>();
        for (String key : register.keysInRegion(scope)) {
            int slash = key.indexOf('/');
            String uscc = key.substring(0, slash);
            byKey.put(key, device(found.computeIfAbsent(uscc, enterprises::find), uscc, key.substring(slash + 1)));
        }
        for (DeviceState state : states.values()) {
            java.util.Optional<Enterprise> enterprise = found.computeIfAbsent(state.uscc(), enterprises::find);
            if (scope.contains(enterprise.map(Enterprise::regionCode).orElse(null))) {
                Map<String, Object> device = byKey.computeIfAbsent(DeviceTelemetry.key(state.uscc(), state.deviceId()),
                        key -> device(enterprise, state.uscc(), state.deviceId()));
                device.put("online", !state.at().isBefore(now.minus(onlineWindow)));
                device.put("state", state.state().name());
                device.put("lastSeen", state.at().toString());
            }
        }
        Map<String, Map<String, Object>> declared = new java.util.HashMap<>();
        byKey.values().stream().map(d -> (String) d.get("uscc")).distinct().forEach(uscc -> register.devicesOf(uscc)
                .forEach(d -> declared.put(uscc + "/" + d.get("deviceId"), d)));
        List<Map<String, Object>> devices = new ArrayList<>();
        byKey.forEach((key, device) -> {
            Map<String, Object> registered = declared.getOrDefault(key, Map.of());
            device.put("registered", declared.containsKey(key));
            device.put("name", registered.get("name"));
            device.put("kind", registered.get("kind"));
            devices.add(device);
        });
        devices.sort(java.util.Comparator.comparing((Map<String, Object> d) -> (Boolean) d.get("online")));
        return devices.subList(0, Math.min(Math.max(limit, 0), devices.size()));
    }

    private static Map<String, Object> device(java.util.Optional<Enterprise> enterprise, String uscc, String deviceId) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("uscc", uscc);
        device.put("enterpriseName", enterprise.map(Enterprise::name).orElse(null));
        device.put("deviceId", deviceId);
        device.put("online", false);
        device.put("state", null);
        device.put("lastSeen", null);
        return device;
    }

    EnterpriseKpis kpis(String uscc) {
        Instant now = clock.instant();
        Map<String, KpiTotals> totals = new TreeMap<>();
        jdbc.query("select device_id, " + SUMS + " from device_minute m where uscc = ? and minute_start >= ?"
                + " group by device_id", rs -> {
                    totals.put(rs.getString(1), totals(rs, 1));
                }, uscc, Timestamp.from(now.minus(window)));
        Map<String, DeviceState> latest = new TreeMap<>();
        states.entrySet(Predicates.like("__key", uscc + "/%")).forEach(e -> latest.put(e.getValue().deviceId(),
                e.getValue()));
        List<EnterpriseKpis.Device> devices = new ArrayList<>();
        KpiTotals sum = KpiTotals.NONE;
        int online = 0;
        java.util.Set<String> known = new java.util.TreeSet<>(latest.keySet());
        known.addAll(totals.keySet());
        Map<String, Map<String, Object>> registered = new TreeMap<>();
        register.devicesOf(uscc).forEach(device -> registered.put((String) device.get("deviceId"), device));
        known.addAll(registered.keySet());
        for (String deviceId : known) {
            KpiTotals t = totals.getOrDefault(deviceId, KpiTotals.NONE);
            DeviceState state = latest.get(deviceId);
            boolean isOnline = state != null && !state.at().isBefore(now.minus(onlineWindow));
            online += isOnline ? 1 : 0;
            sum = sum.plus(t);
            Map<String, Object> declared = registered.getOrDefault(deviceId, Map.of());
            devices.add(new EnterpriseKpis.Device(deviceId, registered.containsKey(deviceId),
                    (String) declared.get("name"), (String) declared.get("kind"), isOnline,
                    state == null ? null : state.state().name(), state == null ? null : state.at().toString(),
                    t.figures(idealCycleSeconds)));
        }
        return new EnterpriseKpis(uscc, now.minus(window).toString(), now.toString(), known.size(), registered.size(),
                online, KpiTotals.ratio(BigDecimal.valueOf(online), BigDecimal.valueOf(known.size())),
                sum.figures(idealCycleSeconds), "quality = 1 (no scrap counts reported); ideal cycle "
                + idealCycleSeconds + " s per part; planned time excludes OFF", devices);
    }

    /** {@link #SUMS} read from the columns after {@code offset}. */
    private static KpiTotals totals(ResultSet rs, int offset) throws SQLException {
        BigDecimal energy = rs.getBigDecimal(offset + 6);
        return new KpiTotals(rs.getLong(offset + 1), rs.getLong(offset + 2), rs.getLong(offset + 3),
                rs.getLong(offset + 4), rs.getLong(offset + 5), energy == null ? BigDecimal.ZERO : energy,
                rs.getLong(offset + 7), rs.getLong(offset + 8));
    }
}
