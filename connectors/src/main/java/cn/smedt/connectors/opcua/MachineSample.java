package cn.smedt.connectors.opcua;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One telemetry sample of a machine, as the hub ingests it from MQTT.
 *
 * @param uscc      enterprise owning the machine
 * @param deviceId  the machine's device id
 * @param ts        source timestamp of the change that produced the sample (the server timestamp when the server
 *                  gave no source timestamp)
 * @param state     RUN, IDLE, ALARM or OFF
 * @param partCount cumulative part counter
 * @param energyKwh cumulative energy meter, kWh
 */
public record MachineSample(String uscc, String deviceId, Instant ts, String state, long partCount,
        BigDecimal energyKwh) {

    public MachineSample {
        Objects.requireNonNull(uscc, "uscc");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(energyKwh, "energyKwh");
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("state must be one of " + STATES + ", was " + state);
        }
    }

    /** The states the hub knows. */
    public static final Set<String> STATES = Set.of("RUN", "IDLE", "ALARM", "OFF");

    /** {@code smedt/<uscc>/<deviceId>/telemetry}. */
    public String topic() {
        return "smedt/" + uscc + "/" + deviceId + "/telemetry";
    }

    /**
     * The hub's telemetry payload, e.g. {@code {"ts":"2026-11-24T08:00:00Z","state":"RUN","partCount":1234,
     * "energyKwh":5678.9}}: ts ISO-8601 UTC, energy as the BigDecimal's plain string (never a double).
     */
    public String toTelemetryJson() {
        return "{\"ts\":\"" + ts + "\",\"state\":\"" + state + "\",\"partCount\":" + partCount + ",\"energyKwh\":"
                + energyKwh.toPlainString() + "}";
    }
}
