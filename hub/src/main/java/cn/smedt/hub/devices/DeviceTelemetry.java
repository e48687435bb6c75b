package cn.smedt.hub.devices;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.storage.RaceFreeWrites;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;

/**
 * Ingests device telemetry from the broker's MQTT topics {@code smedt/<uscc>/<deviceId>/telemetry}: checks topic and
 * payload, drops duplicates (same device and timestamp, remembered cluster-wide for an hour, and the same timestamp
 * as the device's latest sample at any time), keeps the latest state per device in Hazelcast ({@value #STATE_MAP}) and
 * adds the interval since the previous sample to the per-minute aggregates in the database
 * ({@link DeviceState#intervalTo}). The same statement records the new sample as the device's latest in the database,
 * from where {@link DeviceStateLoader} loads it back after a restart; a device's first sample is recorded on its own
 * (an aggregate row without an interval). A sample older than the device's latest (QoS 1 delivery can reorder) is
 * counted as late in its minute and changes nothing else: its counters are covered by the cumulative deltas, its state
 * time stays with the earlier sample's state.
 */
@Component
public class DeviceTelemetry {

    public static final String STATE_MAP = "device-state";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeviceTelemetry.class);
    static final String SEEN_MAP = "telemetry-seen";
    private static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    static final Pattern DEVICE_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final DeviceState.Interval NO_INTERVAL = new DeviceState.Interval(null, 0, 0, BigDecimal.ZERO);

    private final IMap<String, DeviceState> states;
    private final IMap<String, Boolean> seen;
    private final EnterpriseRegistry enterprises;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RaceFreeWrites writes;
    /** Reads a sample: the application's mapper, decimals exact (BigDecimal, never binary doubles). */
    private final ObjectReader samples;
    private final TelemetryMetrics metrics;

    DeviceTelemetry(HazelcastInstance hazelcast, EnterpriseRegistry enterprises, JdbcTemplate jdbc, Clock clock,
                    RaceFreeWrites writes, ObjectMapper json, TelemetryMetrics metrics) {
        this.metrics = metrics;
        this.writes = writes;
        this.samples = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.states = hazelcast.getMap(STATE_MAP);
        this.seen = hazelcast.getMap(SEEN_MAP);
        this.enterprises = enterprises;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    static String key(String uscc, String deviceId) {
        return uscc + "/" + deviceId;
    }

    /**
     * Handles one telemetry message; throws {@link TelemetryRejectedException} for what cannot be accepted. When
     * storing fails (the database is unavailable), the sample is forgotten as seen, so that a redelivery of the message
     * is not taken for a duplicate.
     */
    public void ingest(@Body byte[] payload, @Header(MqttTelemetrySubscriber.TOPIC_HEADER) String mqttTopic) {
        TelemetryMetrics.Outcome outcome;
        try {
            outcome = take(payload, mqttTopic);
        } catch (TelemetryRejectedException rejected) {
            metrics.sample(TelemetryMetrics.Outcome.REJECTED);
            throw rejected;
        }
        metrics.sample(outcome);
    }

    private TelemetryMetrics.Outcome take(byte[] payload, String mqttTopic) {
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
        String seenKey = key + "@" + sample.at();
        if (seen.putIfAbsent(seenKey, Boolean.TRUE, 1, TimeUnit.HOURS) != null) {
            LOG.debug("telemetry of {} at {} seen before: dropped as a duplicate", key, sample.at());
            return TelemetryMetrics.Outcome.DUPLICATE;
        }
        try {
            return store(key, sample);
        } catch (RuntimeException e) {
            seen.delete(seenKey);
            throw e;
        }
    }

    private TelemetryMetrics.Outcome store(String key, DeviceState sample) {
        DeviceState previous = states.get(key);
        if (previous == null) {
            addToMinute(sample.uscc(), sample.deviceId(), sample.at(), NO_INTERVAL, 0, 0, sample);
        } else if (sample.at().equals(previous.at())) {
            LOG.debug("telemetry of {} at {} is the latest already stored: dropped as a duplicate", key, sample.at());
            return TelemetryMetrics.Outcome.DUPLICATE;
        } else if (sample.at().isBefore(previous.at())) {
            LOG.debug("telemetry of {} at {} arrived after the newer {}: counted as late", key, sample.at(),
                    previous.at());
            addToMinute(sample.uscc(), sample.deviceId(), sample.at(), NO_INTERVAL, 0, 1, null);
            return TelemetryMetrics.Outcome.LATE;
        } else {
            addToMinute(previous.uscc(), previous.deviceId(), previous.at(), previous.intervalTo(sample), 1, 0, sample);
        }
        states.set(key, sample);
        return TelemetryMetrics.Outcome.STORED;
    }

    private DeviceState parse(String uscc, String deviceId, byte[] payload) {
        JsonNode json;
        try {
            json = samples.readTree(payload);
        } catch (java.io.IOException e) {
            throw new TelemetryRejectedException("payload is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new TelemetryRejectedException("payload is not a JSON object");
        }
        Instant at;
        MachineState state;
        try {
            at = Instant.parse(json.path("ts").asText()).truncatedTo(ChronoUnit.MICROS);
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

    /**
     * Adds to the aggregate of the minute {@code at} falls in (created when absent): the interval's seconds in its
     * state, parts and energy, intervals ({@code samples}) and late samples; when {@code latest} is given, records it
     * as the device's latest sample in the same statement.
     */
    private void addToMinute(String uscc, String deviceId, Instant at, DeviceState.Interval interval, int samples,
                             int late, DeviceState latest) {
        Map<MachineState, Integer> bySecond = new EnumMap<>(MachineState.class);
        for (MachineState each : MachineState.values()) {
            bySecond.put(each, each == interval.state() ? interval.seconds() : 0);
        }
        List<Object> figures = List.of(bySecond.get(MachineState.RUN), bySecond.get(MachineState.IDLE),
                bySecond.get(MachineState.ALARM), bySecond.get(MachineState.OFF), interval.parts(),
                interval.energyKwh(), samples, late);
        List<Object> last = List.of(
                new SqlParameterValue(Types.TIMESTAMP, latest == null ? null : Timestamp.from(latest.at())),
                new SqlParameterValue(Types.VARCHAR, latest == null ? null : latest.state().name()),
                new SqlParameterValue(Types.BIGINT, latest == null ? null : latest.partCount()),
                new SqlParameterValue(Types.NUMERIC, latest == null ? null : latest.energyKwh()));
        List<Object> key = List.of(uscc, deviceId, Timestamp.from(at.truncatedTo(ChronoUnit.MINUTES)));
        String update = "update device_minute set run_s = run_s + ?, idle_s = idle_s + ?, alarm_s = alarm_s + ?,"
                + " off_s = off_s + ?, parts = parts + ?, energy_kwh = energy_kwh + ?, samples = samples + ?,"
                + " late = late + ?" + (latest == null ? "" : ", last_sample_at = ?, last_state = ?,"
                + " last_part_count = ?, last_energy_kwh = ?") + " where uscc = ? and device_id = ? and minute_start = ?";
        Object[] updateArgs = Stream.of(figures, latest == null ? List.of() : last, key).flatMap(List::stream)
                .toArray();
        // another thread (or node) may create the minute's row in between: then the interval is added to it
        writes.upsert(() -> jdbc.update(update, updateArgs),
                () -> jdbc.update("insert into device_minute (uscc, device_id, minute_start, run_s, idle_s, alarm_s,"
                        + " off_s, parts, energy_kwh, samples, late, last_sample_at, last_state, last_part_count,"
                        + " last_energy_kwh) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        Stream.of(key, figures, last).flatMap(List::stream).toArray()));
    }
}
