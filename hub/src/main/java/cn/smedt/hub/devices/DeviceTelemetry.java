package cn.smedt.hub.devices;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Ingests device telemetry from the broker's MQTT topics {@code smedt/<uscc>/<deviceId>/telemetry}: checks topic and payload, drops duplicates (same device and timestamp,
 * remembered cluster-wide for an hour), keeps the latest state per device in Hazelcast ({@value #STATE_MAP}) and adds
 * the interval since the previous sample to the per-minute aggregates in the database ({@link DeviceState#intervalTo}:
 * exact counter deltas, in the previous sample's state, in the minute in which it started). A sample
 * older than the device's latest (QoS 1 delivery can reorder) is counted as late in its minute and changes nothing
 * else: its counters are covered by the cumulative deltas, its state time stays with the earlier sample's state.
 */
@Component
public class DeviceTelemetry {

    public static final String STATE_MAP = "device-state";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeviceTelemetry.class);
    static final String SEEN_MAP = "telemetry-seen";
    private static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    private static final Pattern DEVICE_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final IMap<String, DeviceState> states;
    private final IMap<String, Boolean> seen;
    private final EnterpriseRegistry enterprises;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    DeviceTelemetry(HazelcastInstance hazelcast, EnterpriseRegistry enterprises, JdbcTemplate jdbc, Clock clock) {
        this.states = hazelcast.getMap(STATE_MAP);
        this.seen = hazelcast.getMap(SEEN_MAP);
        this.enterprises = enterprises;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    static String key(String uscc, String deviceId) {
        return uscc + "/" + deviceId;
    }

    /** Handles one telemetry message; throws {@link TelemetryRejectedException} for what cannot be accepted. */
    public void ingest(@Body byte[] payload, @Header(MqttTelemetrySubscriber.TOPIC_HEADER) String mqttTopic) {
        String[] topic = mqttTopic == null ? new String[0] : mqttTopic.split("/", -1);
        if (topic.length != 4 || !"smedt".equals(topic[0]) || !"telemetry".equals(topic[3])) {
            throw new TelemetryRejectedException("topic is not smedt/<uscc>/<deviceId>/telemetry");
        }
        String uscc = topic[1];
        String deviceId = topic[2];
        if (!Uscc.isValid(uscc) || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new TelemetryRejectedException("invalid USCC or device id in the topic");
        }
        if (enterprises.find(uscc).isEmpty()) {
            throw new TelemetryRejectedException("enterprise " + uscc + " is not registered");
        }
        DeviceState sample = parse(uscc, deviceId, payload);
        String key = key(uscc, deviceId);
        if (seen.putIfAbsent(key + "@" + sample.at(), Boolean.TRUE, 1, TimeUnit.HOURS) != null) {
            LOG.debug("telemetry of {} at {} seen before: dropped as a duplicate", key, sample.at());
            return;
        }
        DeviceState previous = states.get(key);
        if (previous != null && !sample.at().isAfter(previous.at())) {
            LOG.debug("telemetry of {} at {} arrived after the newer {}: counted as late", key, sample.at(),
                    previous.at());
            countLate(sample);
            return;
        }
        if (previous != null) {
            aggregate(previous, sample);
        }
        states.set(key, sample);
    }

    private DeviceState parse(String uscc, String deviceId, byte[] payload) {
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw new TelemetryRejectedException("payload is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new TelemetryRejectedException("payload is not a JSON object");
        }
        Instant at;
        MachineState state;
        try {
            at = Instant.parse(json.path("ts").asText());
            state = MachineState.valueOf(json.path("state").asText());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new TelemetryRejectedException("ts must be an ISO-8601 instant and state one of RUN, IDLE, ALARM, OFF");
        }
        if (at.isAfter(clock.instant().plus(MAX_FUTURE))) {
            throw new TelemetryRejectedException("ts " + at + " lies in the future");
        }
        JsonNode parts = json.path("partCount");
        JsonNode energy = json.path("energyKwh");
        BigDecimal energyKwh = energy.isNumber() ? DeviceState.meterReading(energy.decimalValue()) : null;
        if (!parts.isIntegralNumber() || !parts.canConvertToLong() || parts.asLong() < 0 || energyKwh == null) {
            throw new TelemetryRejectedException("partCount must be a non-negative integer and energyKwh a"
                    + " non-negative number below 10^15 (cumulative counters)");
        }
        return new DeviceState(uscc, deviceId, at, state, parts.asLong(), energyKwh);
    }

    private void countLate(DeviceState sample) {
        addToMinute(sample.uscc(), sample.deviceId(), sample.at(), null, 0, 0, BigDecimal.ZERO, 0, 1);
    }

    private void aggregate(DeviceState previous, DeviceState sample) {
        DeviceState.Interval interval = previous.intervalTo(sample);
        addToMinute(previous.uscc(), previous.deviceId(), previous.at(), interval.state(), interval.seconds(),
                interval.parts(), interval.energyKwh(), 1, 0);
    }

    /**
     * Adds to the aggregate of the minute {@code at} falls in (created when absent): {@code seconds} in
     * {@code state} (none when null), parts, energy, intervals ({@code samples}) and late samples.
     */
    private void addToMinute(String uscc, String deviceId, Instant at, MachineState state, int seconds, long parts,
                             BigDecimal energy, int samples, int late) {
        Map<MachineState, Integer> bySecond = new EnumMap<>(MachineState.class);
        for (MachineState each : MachineState.values()) {
            bySecond.put(each, each == state ? seconds : 0);
        }
        Timestamp minute = Timestamp.from(at.truncatedTo(ChronoUnit.MINUTES));
        int updated = jdbc.update("update device_minute set run_s = run_s + ?, idle_s = idle_s + ?, alarm_s = alarm_s + ?,"
                        + " off_s = off_s + ?, parts = parts + ?, energy_kwh = energy_kwh + ?, samples = samples + ?,"
                        + " late = late + ? where uscc = ? and device_id = ? and minute_start = ?",
                bySecond.get(MachineState.RUN), bySecond.get(MachineState.IDLE), bySecond.get(MachineState.ALARM),
                bySecond.get(MachineState.OFF), parts, energy, samples, late, uscc, deviceId, minute);
        if (updated == 0) {
            jdbc.update("insert into device_minute (uscc, device_id, minute_start, run_s, idle_s, alarm_s, off_s, parts,"
                            + " energy_kwh, samples, late) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", uscc, deviceId,
                    minute, bySecond.get(MachineState.RUN), bySecond.get(MachineState.IDLE),
                    bySecond.get(MachineState.ALARM), bySecond.get(MachineState.OFF), parts, energy, samples, late);
        }
    }
}
