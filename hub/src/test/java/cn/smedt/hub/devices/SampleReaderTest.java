package cn.smedt.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a telemetry payload is read as (docs/devices.md), and what is refused with which reason. */
class SampleReaderTest {

    private static final String USCC = "91410000170001401D";
    private static final String NOT_JSON = "payload is not JSON";
    private static final String NOT_OBJECT = "payload is not a JSON object";
    private static final String TS_AND_STATE = "ts must be an RFC 3339 date-time and state one of RUN, IDLE, ALARM,"
            + " OFF";
    private static final String COUNTERS = "partCount must be a non-negative integer and energyKwh a non-negative"
            + " number below 10^15 (cumulative counters)";

    private final SampleReader reader = new SampleReader(new ObjectMapper().getFactory(),
            Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC));

    private DeviceState read(String payload) {
        return reader.sample(USCC, "kiln-1", payload.getBytes(StandardCharsets.UTF_8));
    }

    private void refused(String payload, String reason) {
        assertThatThrownBy(() -> read(payload)).as(payload).isInstanceOf(TelemetryRejectedException.class)
                .hasMessage(reason);
    }

    @Test
    void theDocumentedSampleIsReadExactly() {
        DeviceState sample = read("{\"ts\": \"2026-11-24T08:00:00Z\", \"state\": \"RUN\", \"partCount\": 1234,"
                + " \"energyKwh\": 5678.9}");
        assertThat(sample).isEqualTo(new DeviceState(USCC, "kiln-1", Instant.parse("2026-11-24T08:00:00Z"),
                MachineState.RUN, 1234, new BigDecimal("5678.900000000")));
    }

    @Test
    void membersInAnyOrderOthersSkippedTheLastOfATwiceGivenMemberCountsAndWhatFollowsTheObjectIsIgnored() {
        DeviceState sample = read("{\"energyKwh\": 0.30000000000000004, \"extra\": {\"ts\": \"x\", \"list\": [1, {}]},"
                + " \"state\": \"OFF\", \"partCount\": 5, \"state\": \"ALARM\", \"ts\": \"2026-11-24T16:00:00.1234567+08:00\","
                + " \"tags\": [\"a\", [\"b\"]], \"note\": null} trailing");
        assertThat(sample.state()).isEqualTo(MachineState.ALARM);
        assertThat(sample.at()).isEqualTo(Instant.parse("2026-11-24T08:00:00.123456Z"));
        assertThat(sample.partCount()).isEqualTo(5);
        assertThat(sample.energyKwh()).isEqualTo(new BigDecimal("0.300000000"));
        assertThat(read("{\"ts\":\"2026-11-24T08:00:00Z\",\"state\":\"IDLE\",\"partCount\":0,\"energyKwh\":12}")
                .energyKwh()).isEqualTo(new BigDecimal("12.000000000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ts\": \"2026-11-24T08:00:00Z\", \"state\": \"RUN\", \"partCount\": 1,",
            "{\"ts\": \"2026-11-24T08:00:00Z\" \"state\": \"RUN\"}", "{ts: 1}", "[1, 2", "\u00ff"})
    void malformedJsonIsRefused(String payload) {
        refused(payload, NOT_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "[]", "[{\"ts\": \"2026-11-24T08:00:00Z\"}]", "\"RUN\"", "42", "null"})
    void anythingButAnObjectIsRefused(String payload) {
        refused(payload, NOT_OBJECT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"state\": \"RUN\", \"partCount\": 1, \"energyKwh\": 1}",
            "{\"ts\": 1764000000, \"state\": \"RUN\", \"partCount\": 1, \"energyKwh\": 1}",
            "{\"ts\": \"2026-11-24\", \"state\": \"RUN\", \"partCount\": 1, \"energyKwh\": 1}",
            "{\"ts\": \"2026-11-24T08:00:00\", \"state\": \"RUN\", \"partCount\": 1, \"energyKwh\": 1}",
            "{\"ts\": {\"at\": \"2026-11-24T08:00:00Z\"}, \"state\": \"RUN\", \"partCount\": 1, \"energyKwh\": 1}",
            "{\"ts\": \"2026-11-24T08:00:00Z\", \"state\": \"run\", \"partCount\": 1, \"energyKwh\": 1}",
            "{\"ts\": \"2026-11-24T08:00:00Z\", \"state\": null, \"partCount\": 1, \"energyKwh\": 1}",
            "{\"ts\": \"2026-11-24T08:00:00Z\", \"partCount\": 1, \"energyKwh\": 1}"})
    void aMissingOrInvalidTimeOrStateIsRefused(String payload) {
        refused(payload, TS_AND_STATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"partCount\": 1.0, \"energyKwh\": 1", "\"partCount\": \"1\", \"energyKwh\": 1",
            "\"partCount\": -1, \"energyKwh\": 1", "\"partCount\": 9223372036854775808, \"energyKwh\": 1",
            "\"partCount\": 1, \"energyKwh\": \"1\"", "\"partCount\": 1, \"energyKwh\": -0.5",
            "\"partCount\": 1, \"energyKwh\": 1E15", "\"partCount\": 1, \"energyKwh\": [1]", "\"partCount\": 1",
            "\"energyKwh\": 1", "\"partCount\": 1, \"energyKwh\": 1, \"partCount\": null"})
    void aMissingOrInvalidCounterIsRefused(String counters) {
        refused("{\"ts\": \"2026-11-24T08:00:00Z\", \"state\": \"RUN\", " + counters + "}", COUNTERS);
    }

    @Test
    void theLargestCountersAndASampleFiveMinutesAheadAreTaken() {
        DeviceState sample = read("{\"ts\": \"2026-11-24T09:05:00Z\", \"state\": \"RUN\","
                + " \"partCount\": 9223372036854775807, \"energyKwh\": 999999999999999.9999999994}");
        assertThat(sample.partCount()).isEqualTo(Long.MAX_VALUE);
        assertThat(sample.energyKwh()).isEqualTo(new BigDecimal("999999999999999.999999999"));
    }

    @Test
    void aSampleMoreThanFiveMinutesAheadOfTheHubsClockIsRefused() {
        refused("{\"ts\": \"2026-11-24T09:05:00.000001Z\", \"state\": \"RUN\", \"partCount\": 1, \"energyKwh\": 1}",
                "ts 2026-11-24T09:05:00.000001Z lies in the future");
    }
}
