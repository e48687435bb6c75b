package cn.smedt.hub.devices;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@value #SAMPLES}: telemetry samples taken by {@link DeviceTelemetry} (MQTT devices and OPC UA factories alike), by
 * {@code outcome}: {@code stored}, {@code late} (older than the device's latest: counted in its minute only),
 * {@code duplicate} (seen before: dropped) or {@code rejected} (refused, the reason logged). Samples per second are
 * the counter's rate (docs/metrics.md). {@value #BATCH_SIZE} and {@value #BATCH_TIME}: the messages of each batch the
 * MQTT consumers take from the broker ({@link TelemetryBatches}), and how long it took from its last message received
 * to its acknowledgement sent; batches near {@code hub.devices.telemetry-batch-size} mean the ingestion is behind the
 * devices.
 */
@Component
class TelemetryMetrics {

    static final String SAMPLES = "hub.telemetry.samples";
    static final String BATCH_SIZE = "hub.telemetry.batch.size";
    static final String BATCH_TIME = "hub.telemetry.batch.time";

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
    private final DistributionSummary batchSizes;
    private final Timer batchTimes;

    TelemetryMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder(SAMPLES).description("Telemetry samples taken, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        batchSizes = DistributionSummary.builder(BATCH_SIZE).baseUnit("messages")
                .description("Messages in each batch of telemetry taken from the broker").register(registry);
        batchTimes = Timer.builder(BATCH_TIME)
                .description("Time from a telemetry batch's last message received to its acknowledgement sent")
                .register(registry);
    }

    /** A batch of {@code messages} taken from the broker, acknowledged {@code nanos} after its last message came. */
    void batch(int messages, long nanos) {
        batchSizes.record(messages);
        batchTimes.record(nanos, TimeUnit.NANOSECONDS);
    }

    void sample(Outcome outcome) {
        counters.get(outcome).increment();
    }

    /** What became of a sample. */
    enum Outcome { STORED, LATE, DUPLICATE, REJECTED }
}
