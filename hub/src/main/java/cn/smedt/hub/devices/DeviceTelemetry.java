package cn.smedt.hub.devices;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.storage.RaceFreeWrites;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ingests device telemetry from the broker's MQTT topics {@code smedt/<uscc>/<deviceId>/telemetry}, a batch of messages
 * at a time ({@link #ingestAll}; {@link TelemetryBatches} takes the batches from the broker): checks topic and
 * payload, drops duplicates (same device and timestamp, remembered cluster-wide for an hour, and the same timestamp
 * as the device's latest sample at any time), keeps the latest state per device in Hazelcast ({@value #STATE_MAP}) and
 * adds the interval since the previous sample to the per-minute aggregates in the database
 * ({@link DeviceState#intervalTo}). The same statement records the new sample as the device's latest in the database,
 * from where {@link DeviceStateLoader} loads it back after a restart; a device's first sample is recorded on its own
 * (an aggregate row without an interval). A sample older than the device's latest (QoS 1 delivery can reorder) is
 * counted as late in its minute and changes nothing else: its counters are covered by the cumulative deltas, its state
 * time stays with the earlier sample's state.
 *
 * <p>A batch is taken in message order, as if each sample were taken alone: a device's samples are compared with the
 * latest before them (in the batch or stored), and the aggregates of a batch are summed per device and minute in
 * memory and written with one statement per touched {@code device_minute} row, all in one database transaction. A
 * batch costs a handful of calls to Hazelcast whatever its size: one to mark its samples as seen
 * ({@link SeenSamples}), one to read its devices' latest states, one to write them.
 */
@Component
public class DeviceTelemetry {

    public static final String STATE_MAP = "device-state";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeviceTelemetry.class);
    /** The samples seen lately, one entry per device ({@link SeenSamples}). */
    static final String SEEN_MAP = "telemetry-seen-by-device";
    /** How long an enterprise found registered is taken as registered without looking it up again. */
    static final Duration REGISTERED_FOR = Duration.ofSeconds(10);
    private static final int MAX_REGISTERED = 100_000;
    static final Pattern DEVICE_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final DeviceState.Interval NO_INTERVAL = new DeviceState.Interval(null, 0, 0, BigDecimal.ZERO);
    private static final String ADD = "update device_minute set run_s = run_s + ?, idle_s = idle_s + ?,"
            + " alarm_s = alarm_s + ?, off_s = off_s + ?, parts = parts + ?, energy_kwh = energy_kwh + ?,"
            + " samples = samples + ?, late = late + ?";
    private static final String WHERE = " where uscc = ? and device_id = ? and minute_start = ?";
    private static final String UPDATE = ADD + WHERE;
    private static final String UPDATE_WITH_LATEST = ADD + ", last_sample_at = ?, last_state = ?,"
            + " last_part_count = ?, last_energy_kwh = ?" + WHERE;
    private static final String INSERT = "insert into device_minute (uscc, device_id, minute_start, run_s, idle_s,"
            + " alarm_s, off_s, parts, energy_kwh, samples, late, last_sample_at, last_state, last_part_count,"
            + " last_energy_kwh) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final IMap<String, DeviceState> states;
    private final IMap<String, SeenSamples.Times> seen;
    private final EnterpriseRegistry enterprises;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RaceFreeWrites writes;
    private final TransactionTemplate transaction;
    private final SampleReader payloads;
    /**
     * Enterprises found registered, each with the {@link System#nanoTime} until which that is taken as known without
     * asking the database again; at most {@link #MAX_REGISTERED} of them (then it starts afresh).
     */
    private final Map<String, Long> registeredUntil = new ConcurrentHashMap<>();
    private final TelemetryMetrics metrics;

    DeviceTelemetry(HazelcastInstance hazelcast, EnterpriseRegistry enterprises, JdbcTemplate jdbc, Clock clock,
                    RaceFreeWrites writes, PlatformTransactionManager transactions, ObjectMapper json,
                    TelemetryMetrics metrics) {
        this.metrics = metrics;
        this.writes = writes;
        this.transaction = new TransactionTemplate(transactions);
        this.payloads = new SampleReader(json.getFactory(), clock);
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
     * Handles one telemetry message (a batch of one, see {@link #ingestAll}) and counts it; throws
     * {@link TelemetryRejectedException} for what cannot be accepted.
     */
    public void ingest(@Body byte[] payload, @Header(MqttTelemetrySubscriber.TOPIC_HEADER) String mqttTopic) {
        Result result = ingestAll(List.of(new TelemetryMessage(payload, mqttTopic))).get(0);
        count(List.of(result));
        if (result.outcome() == TelemetryMetrics.Outcome.REJECTED) {
            throw new TelemetryRejectedException(result.rejectReason());
        }
    }

    /**
     * Takes a batch of telemetry messages, in their order, and answers what became of each (same order); a message
     * that cannot be accepted is answered {@link TelemetryMetrics.Outcome#REJECTED} with its reason, and nothing of it
     * is stored. Everything the batch stores is committed in one database transaction before this returns; when
     * storing fails (the database is unavailable), this throws and the batch's samples are forgotten as seen, so that
     * a redelivery of them is not taken for duplicates. The caller counts the results ({@link #count}) once it has
     * acknowledged the messages.
     */
    List<Result> ingestAll(List<TelemetryMessage> messages) {
        Result[] results = new Result[messages.size()];
        DeviceState[] taken = new DeviceState[messages.size()];
        Map<String, Boolean> registered = new HashMap<>();
        // per device, its samples' timestamps (µs) in the batch and the message of each one's first copy
        Map<String, Map<Long, Integer>> firstByTime = new HashMap<>();
        for (int i = 0; i < results.length; i++) {
            try {
                DeviceState sample = check(messages.get(i), registered);
                Map<Long, Integer> device = firstByTime.computeIfAbsent(key(sample.uscc(), sample.deviceId()),
                        d -> new HashMap<>());
                if (device.putIfAbsent(micros(sample.at()), i) == null) {
                    taken[i] = sample;
                } else {
                    LOG.debug("telemetry of {} at {} is in the batch twice: dropped as a duplicate",
                            key(sample.uscc(), sample.deviceId()), sample.at());
                    results[i] = Result.DUPLICATE;
                }
            } catch (TelemetryRejectedException rejected) {
                results[i] = new Result(TelemetryMetrics.Outcome.REJECTED, rejected.getMessage());
            }
        }
        if (!firstByTime.isEmpty()) {
            Map<String, long[]> marking = new HashMap<>();
            firstByTime.forEach((device, times) -> marking.put(device, timesOf(times)));
            Map<String, long[]> seenBefore = seen.executeOnKeys(marking.keySet(),
                    new SeenSamples.Mark(marking, clock.instant().getEpochSecond()));
            // what is left in firstByTime are the samples this batch marked
            seenBefore.forEach((device, times) -> {
                for (long time : times) {
                    int i = firstByTime.get(device).remove(time);
                    LOG.debug("telemetry of {} at {} seen before: dropped as a duplicate", device, taken[i].at());
                    taken[i] = null;
                    results[i] = Result.DUPLICATE;
                }
            });
            try {
                store(taken, results);
            } catch (RuntimeException e) {
                Map<String, long[]> marked = new HashMap<>();
                firstByTime.forEach((device, times) -> {
                    if (!times.isEmpty()) {
                        marked.put(device, timesOf(times));
                    }
                });
                if (!marked.isEmpty()) {
                    seen.executeOnKeys(marked.keySet(), new SeenSamples.Forget(marked));
                }
                throw e;
            }
        }
        return Arrays.asList(results);
    }

    /** Counts what became of the messages of a batch (metric {@value TelemetryMetrics#SAMPLES}). */
    void count(List<Result> results) {
        results.forEach(result -> metrics.sample(result.outcome()));
    }

    /** The timestamps of a device's samples in a batch (the keys of its map of them). */
    private static long[] timesOf(Map<Long, Integer> samples) {
        return samples.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** A sample's timestamp as {@value #SEEN_MAP} keeps it: microseconds since the epoch. */
    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    /**
     * Takes the samples not dropped yet ({@code taken}, by message) in order against their devices' latest states,
     * writes the sums per device and minute in one transaction, then the devices' new latest states.
     */
    private void store(DeviceState[] taken, Result[] results) {
        Set<String> devices = new HashSet<>();
        for (DeviceState sample : taken) {
            if (sample != null) {
                devices.add(key(sample.uscc(), sample.deviceId()));
            }
        }
        if (devices.isEmpty()) {
            return;
        }
        Map<String, DeviceState> latest = new HashMap<>(states.getAll(devices));
        Map<String, DeviceState> changed = new HashMap<>();
        Map<Minute, MinuteSum> minutes = new TreeMap<>();
        for (int i = 0; i < taken.length; i++) {
            DeviceState sample = taken[i];
            if (sample == null) {
                continue;
            }
            String key = key(sample.uscc(), sample.deviceId());
            DeviceState previous = latest.get(key);
            if (previous == null) {
                minuteOf(minutes, sample).add(NO_INTERVAL, 0, 0, sample);
            } else if (sample.at().equals(previous.at())) {
                LOG.debug("telemetry of {} at {} is the latest already stored: dropped as a duplicate", key,
                        sample.at());
                results[i] = Result.DUPLICATE;
                continue;
            } else if (sample.at().isBefore(previous.at())) {
                LOG.debug("telemetry of {} at {} arrived after the newer {}: counted as late", key, sample.at(),
                        previous.at());
                minuteOf(minutes, sample).add(NO_INTERVAL, 0, 1, null);
                results[i] = Result.LATE;
                continue;
            } else {
                minuteOf(minutes, previous).add(previous.intervalTo(sample), 1, 0, sample);
            }
            latest.put(key, sample);
            changed.put(key, sample);
            results[i] = Result.STORED;
        }
        transaction.executeWithoutResult(status -> write(minutes));
        if (!changed.isEmpty()) {
            states.putAll(changed);
        }
    }

    private static MinuteSum minuteOf(Map<Minute, MinuteSum> minutes, DeviceState sample) {
        return minutes.computeIfAbsent(new Minute(sample.uscc(), sample.deviceId(),
                sample.at().truncatedTo(ChronoUnit.MINUTES)), minute -> new MinuteSum());
    }

    /**
     * Adds each sum to the aggregate of its minute: one batch of updates (of the rows with a new latest sample, one of
     * the others); a row that is not there yet is inserted, and when another thread (or node) inserts it in between,
     * the sum is added to that one.
     */
    private void write(Map<Minute, MinuteSum> minutes) {
        List<Map.Entry<Minute, MinuteSum>> withLatest = new ArrayList<>();
        List<Map.Entry<Minute, MinuteSum>> without = new ArrayList<>();
        minutes.entrySet().forEach(row -> (row.getValue().latest == null ? without : withLatest).add(row));
        write(UPDATE_WITH_LATEST, withLatest);
        write(UPDATE, without);
    }

    private void write(String update, List<Map.Entry<Minute, MinuteSum>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> updates = rows.stream().map(row -> row.getValue().updateArgs(row.getKey())).toList();
        int[] counts = jdbc.batchUpdate(update, updates);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                Map.Entry<Minute, MinuteSum> row = rows.get(i);
                Object[] args = updates.get(i);
                if (!writes.insertIfAbsent(() -> jdbc.update(INSERT, row.getValue().insertArgs(row.getKey())))) {
                    jdbc.update(update, args);
                }
            }
        }
    }

    /**
     * Whether the enterprise is registered: looked up in the database, or known to be from a lookup of the last
     * {@link #REGISTERED_FOR} (the lookup showed in the ingest path's profile, docs/benchmarks.md). An enterprise the
     * database does not have is looked up again by the next batch.
     */
    private boolean isRegistered(String uscc) {
        long now = System.nanoTime();
        Long until = registeredUntil.get(uscc);
        if (until != null && until - now > 0) {
            return true;
        }
        boolean found = enterprises.find(uscc).isPresent();
        if (found) {
            if (registeredUntil.size() >= MAX_REGISTERED) {
                registeredUntil.clear();
            }
            registeredUntil.put(uscc, now + REGISTERED_FOR.toNanos());
        } else {
            registeredUntil.remove(uscc);
        }
        return found;
    }

    /** Checks topic and payload: the sample, or {@link TelemetryRejectedException}. */
    private DeviceState check(TelemetryMessage message, Map<String, Boolean> registered) {
        String mqttTopic = message.topic();
        String[] topic = mqttTopic == null ? new String[0] : mqttTopic.split("/", -1);
        if (topic.length != 4 || !"smedt".equals(topic[0]) || !"telemetry".equals(topic[3])) {
            throw new TelemetryRejectedException("topic is not smedt/<uscc>/<deviceId>/telemetry");
        }
        String uscc = topic[1];
        String deviceId = topic[2];
        if (!Uscc.isValid(uscc) || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new TelemetryRejectedException("invalid USCC or device id in the topic");
        }
        // looked up once per enterprise and batch: a batch sees the registrations as they were when it started
        if (!registered.computeIfAbsent(uscc, this::isRegistered)) {
            throw new TelemetryRejectedException("enterprise " + uscc + " is not registered");
        }
        return payloads.sample(uscc, deviceId, message.payload());
    }

    /** What became of one message of a batch; {@code rejectReason} only for {@link TelemetryMetrics.Outcome#REJECTED}. */
    record Result(TelemetryMetrics.Outcome outcome, String rejectReason) {
        static final Result STORED = new Result(TelemetryMetrics.Outcome.STORED, null);
        static final Result LATE = new Result(TelemetryMetrics.Outcome.LATE, null);
        static final Result DUPLICATE = new Result(TelemetryMetrics.Outcome.DUPLICATE, null);
    }

    /** A row of {@code device_minute}: a device's minute. */
    private record Minute(String uscc, String deviceId, Instant start) implements Comparable<Minute> {

        @Override
        public int compareTo(Minute other) {
            int byUscc = uscc.compareTo(other.uscc);
            int byDevice = byUscc != 0 ? byUscc : deviceId.compareTo(other.deviceId);
            return byDevice != 0 ? byDevice : start.compareTo(other.start);
        }
    }

    /**
     * What a batch adds to one row of {@code device_minute}: the intervals' seconds by state, parts and energy,
     * intervals ({@code samples}) and late samples, and the last sample recorded as the device's latest in it (null
     * when none).
     */
    private static final class MinuteSum {

        private final Map<MachineState, Integer> seconds = new EnumMap<>(MachineState.class);
        private long parts;
        private BigDecimal energyKwh = BigDecimal.ZERO;
        private int samples;
        private int late;
        private DeviceState latest;

        MinuteSum() {
            for (MachineState each : MachineState.values()) {
                seconds.put(each, 0);
            }
        }

        void add(DeviceState.Interval interval, int intervals, int lateSamples, DeviceState newLatest) {
            if (interval.state() != null) {
                seconds.merge(interval.state(), interval.seconds(), Integer::sum);
            }
            parts += interval.parts();
            energyKwh = energyKwh.add(interval.energyKwh());
            samples += intervals;
            late += lateSamples;
            if (newLatest != null) {
                latest = newLatest;
            }
        }

        private List<Object> figures() {
            return List.of(seconds.get(MachineState.RUN), seconds.get(MachineState.IDLE),
                    seconds.get(MachineState.ALARM), seconds.get(MachineState.OFF), parts, energyKwh, samples, late);
        }

        private List<Object> last() {
            return List.of(
                    new SqlParameterValue(Types.TIMESTAMP, latest == null ? null : Timestamp.from(latest.at())),
                    new SqlParameterValue(Types.VARCHAR, latest == null ? null : latest.state().name()),
                    new SqlParameterValue(Types.BIGINT, latest == null ? null : latest.partCount()),
                    new SqlParameterValue(Types.NUMERIC, latest == null ? null : latest.energyKwh()));
        }

        private static List<Object> key(Minute minute) {
            return List.of(minute.uscc(), minute.deviceId(), Timestamp.from(minute.start()));
        }

        /** The arguments of {@link #UPDATE_WITH_LATEST} (with a latest sample) or {@link #UPDATE}. */
        Object[] updateArgs(Minute minute) {
            return Stream.of(figures(), latest == null ? List.of() : last(), key(minute)).flatMap(List::stream)
                    .toArray();
        }

        Object[] insertArgs(Minute minute) {
            return Stream.of(key(minute), figures(), last()).flatMap(List::stream).toArray();
        }
    }
}
