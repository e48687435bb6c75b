package cn.smedt.hub.devices;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@value #SAMPLES}: telemetry samples taken by {@link DeviceTelemetry} (MQTT devices and OPC UA factories alike), by
 * {@code outcome}: {@code stored}, {@code late} (older than the device's latest: counted in its minute only),
 * {@code duplicate} (seen before: dropped) or {@code rejected} (refused, the reason logged). Samples per second are
 * the counter's rate (docs/metrics.md).
 */
@Component
class TelemetryMetrics {

    static final String SAMPLES = "hub.telemetry.samples";

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    TelemetryMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder(SAMPLES).description("Telemetry samples taken, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    void sample(Outcome outcome) {
        counters.get(outcome).increment();
    }

    /** What became of a sample. */
    enum Outcome { STORED, LATE, DUPLICATE, REJECTED }
}
