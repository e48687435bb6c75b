package cn.smedt.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The interval between two samples of a device: state time, part and energy deltas from cumulative counters. */
class DeviceStateTest {

    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    static DeviceState sample(long secondsAfterT0, MachineState state, long parts, String kwh) {
        return new DeviceState("91410000170001401D", "kiln-1", T0.plusSeconds(secondsAfterT0), state, parts,
                new BigDecimal(kwh).setScale(DeviceState.ENERGY_SCALE));
    }

    @Test
    void theIntervalIsTheEarlierSamplesStateAndTheCountersExactDifferences() {
        DeviceState.Interval interval = sample(0, MachineState.IDLE, 10, "5678.9000004")
                .intervalTo(sample(40, MachineState.RUN, 12, "5678.9004"));
        assertThat(interval.state()).isEqualTo(MachineState.IDLE);
        assertThat(interval.seconds()).isEqualTo(40);
        assertThat(interval.parts()).isEqualTo(2);
        assertThat(interval.energyKwh()).isEqualByComparingTo("0.0003996");
    }

    @Test
    void aCounterThatGoesDownWasResetAndCountsFromZero() {
        DeviceState.Interval interval = sample(0, MachineState.RUN, 1000, "5678.9")
                .intervalTo(sample(60, MachineState.RUN, 3, "0.25"));
        assertThat(interval.parts()).isEqualTo(3);
        assertThat(interval.energyKwh()).isEqualByComparingTo("0.25");
    }

    @Test
    void aSilenceLongerThanFiveMinutesCountsNoTimeButKeepsTheCounters() {
        DeviceState.Interval interval = sample(0, MachineState.RUN, 0, "1")
                .intervalTo(sample(301, MachineState.RUN, 4, "2.5"));
        assertThat(interval.seconds()).isZero();
        assertThat(interval.parts()).isEqualTo(4);
        assertThat(interval.energyKwh()).isEqualByComparingTo("1.5");
        assertThat(sample(0, MachineState.RUN, 0, "1").intervalTo(sample(300, MachineState.RUN, 0, "1")).seconds())
                .isEqualTo(300);
    }

    @Test
    void meterReadingsAreKeptToNineDecimals() {
        assertThat(DeviceState.meterReading(new BigDecimal("5678.9"))).isEqualTo(new BigDecimal("5678.900000000"));
        // an OPC UA Float widened to double, and a double's binary noise: rounded once, per reading
        assertThat(DeviceState.meterReading(new BigDecimal("1234.56005859375")))
                .isEqualTo(new BigDecimal("1234.560058594"));
        assertThat(DeviceState.meterReading(new BigDecimal("0.30000000000000004")))
                .isEqualTo(new BigDecimal("0.300000000"));
        assertThat(DeviceState.meterReading(new BigDecimal("1E+7"))).isEqualTo(new BigDecimal("10000000.000000000"));
        assertThat(DeviceState.meterReading(new BigDecimal("1E-300"))).isEqualTo(new BigDecimal("0E-9"));
    }

    @Test
    void meterReadingsThatDoNotFitAreRefused() {
        assertThat(DeviceState.meterReading(new BigDecimal("-0.001"))).isNull();
        assertThat(DeviceState.meterReading(new BigDecimal("1E+15"))).isNull();
        assertThat(DeviceState.meterReading(new BigDecimal("999999999999999.9999999999"))).isNull();
        assertThat(DeviceState.meterReading(new BigDecimal("999999999999999.999999999")))
                .isEqualTo(new BigDecimal("999999999999999.999999999"));
        assertThat(DeviceState.meterReading(new BigDecimal("1E-999999999"))).isNull();
    }

    @Test
    void aSampleTimeIsAnRfc3339DateTimeKeptToTheMicrosecond() {
        assertThat(DeviceState.sampleTime("2026-11-24T08:00:00Z")).isEqualTo(T0);
        assertThat(DeviceState.sampleTime("2026-11-24T16:00:00+08:00")).isEqualTo(T0);
        assertThat(DeviceState.sampleTime("2026-11-24t08:00:00z")).isEqualTo(T0);
        assertThat(DeviceState.sampleTime("2026-11-24 08:00:00Z")).isEqualTo(T0);
        assertThat(DeviceState.sampleTime("2026-11-24T08:00:00.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-24T08:00:00.123456Z"));
    }

    @Test
    void aSampleTimeWithoutOffsetOutOfRangeOrBeyondYear9999IsRefused() {
        for (String bad : new String[] {"2026-11-24T08:00:00", "2026-11-24", "2026-11-24T08:00Z",
                "2026-02-30T08:00:00Z", "2026-13-01T08:00:00Z", "2026-11-24T23:59:60Z", "+10000-01-01T00:00:00Z",
                "", "yesterday"}) {
            assertThatThrownBy(() -> DeviceState.sampleTime(bad)).as(bad).isInstanceOf(DateTimeException.class);
        }
    }
}
