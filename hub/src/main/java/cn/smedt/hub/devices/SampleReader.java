package cn.smedt.hub.devices;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads the payload of a telemetry message, {@code {"ts": "2026-11-24T08:00:00Z", "state": "RUN", "partCount": 1234,
 * "energyKwh": 5678.9}} (docs/devices.md), into the sample it carries, or refuses it with
 * {@link TelemetryRejectedException} and the reason.
 */
final class SampleReader {

    /** How far ahead of the hub's clock a sample's {@code ts} may lie (devices' clocks drift). */
    private static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private static final String TS_AND_STATE = "ts must be an RFC 3339 date-time and state one of RUN, IDLE, ALARM,"
            + " OFF";

    /** The application's mapper's parser factory: its parser features and read constraints. */
    private final JsonFactory factory;
    private final Clock clock;

    SampleReader(JsonFactory factory, Clock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    /**
     * The sample of device {@code deviceId} of enterprise {@code uscc} that {@code payload} carries. Read in one pass
     * of a streaming parser, no tree (the tree's parse was the largest part of the ingest path's time,
     * docs/benchmarks.md): a JSON object; members other than these four are skipped, a member given twice counts with
     * its last value, anything after the object is ignored; numbers are read exactly (BigDecimal, never a double).
     *
     * @throws TelemetryRejectedException when the payload is not such an object or a member is missing or invalid
     */
    DeviceState sample(String uscc, String deviceId, byte[] payload) {
        String ts = null;
        String state = null;
        Long parts = null;
        BigDecimal energy = null;
        try (JsonParser json = factory.createParser(payload)) {
            JsonToken token = json.nextToken();
            if (token != JsonToken.START_OBJECT) {
                json.skipChildren();
                throw new TelemetryRejectedException("payload is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String member = json.currentName();
                token = json.nextToken();
                switch (member) {
                    case "ts" -> ts = token == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "state" -> state = token == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "partCount" -> parts = token == JsonToken.VALUE_NUMBER_INT
                            && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? json.getLongValue() : null;
                    case "energyKwh" -> energy = token == JsonToken.VALUE_NUMBER_INT
                            || token == JsonToken.VALUE_NUMBER_FLOAT ? json.getDecimalValue() : null;
                    default -> { }
                }
                json.skipChildren();
            }
        } catch (IOException e) {
            throw new TelemetryRejectedException("payload is not JSON");
        }
        if (ts == null || state == null) {
            throw new TelemetryRejectedException(TS_AND_STATE);
        }
        Instant at;
        MachineState machineState;
        try {
            at = DeviceState.sampleTime(ts);
            machineState = MachineState.valueOf(state);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new TelemetryRejectedException(TS_AND_STATE);
        }
        if (at.isAfter(clock.instant().plus(MAX_FUTURE))) {
            throw new TelemetryRejectedException("ts " + at + " lies in the future");
        }
        BigDecimal energyKwh = energy == null ? null : DeviceState.meterReading(energy);
        if (parts == null || parts < 0 || energyKwh == null) {
            throw new TelemetryRejectedException("partCount must be a non-negative integer and energyKwh a"
                    + " non-negative number below 10^15 (cumulative counters)");
        }
        return new DeviceState(uscc, deviceId, at, machineState, parts, energyKwh);
    }
}
