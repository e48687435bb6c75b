package cn.smedt.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** KPIs from raw figures, rounded once: energy from exact meter differences, OEE not from rounded ratios. */
class KpiTotalsTest {

    static final BigDecimal IDEAL_CYCLE = new BigDecimal("30");
    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    /** The KPI window's totals of a meter read {@code samples} times, {@code step} kWh apart, 10 s apart in RUN. */
    static KpiTotals meterSteps(int samples, String step) {
        KpiTotals totals = KpiTotals.NONE;
        DeviceState previous = null;
        for (int i = 0; i < samples; i++) {
            DeviceState sample = new DeviceState("91410000170001401D", "meter", T0.plusSeconds(10L * i),
                    MachineState.RUN, 0, new BigDecimal(step).multiply(BigDecimal.valueOf(i))
                    .setScale(DeviceState.ENERGY_SCALE));
            if (previous != null) {
                DeviceState.Interval interval = previous.intervalTo(sample);
                totals = totals.plus(new KpiTotals(interval.seconds(), 0, 0, 0, interval.parts(),
                        interval.energyKwh(), 1, 0));
            }
            previous = sample;
        }
        return totals;
    }

    @Test
    void energyBelowOneWattHourPerSampleAddsUpExactly() {
        // 30 intervals of 0.0004 kWh: 0.012 (rounding each interval to 0.001 kWh gave 0.000)
        KpiTotals small = meterSteps(31, "0.0004");
        assertThat(small.energyKwh()).isEqualByComparingTo("0.0120");
        assertThat(small.figures(IDEAL_CYCLE).energyKwh()).isEqualTo("0.012");
        // 30 intervals of 0.0006 kWh: 0.018 (rounding each interval gave 0.030)
        KpiTotals larger = meterSteps(31, "0.0006");
        assertThat(larger.energyKwh()).isEqualByComparingTo("0.0180");
        assertThat(larger.figures(IDEAL_CYCLE).energyKwh()).isEqualTo("0.018");
    }

    @Test
    void energyIsRoundedOnceHalfUpWhenAnswered() {
        KpiTotals half = new KpiTotals(0, 0, 0, 0, 0, new BigDecimal("0.0005"), 0, 0);
        assertThat(half.figures(IDEAL_CYCLE).energyKwh()).isEqualTo("0.001");
        // two devices of 0.0004 kWh each: 0.0008 in all, 0.001 (not 0.000 + 0.000)
        KpiTotals device = new KpiTotals(0, 0, 0, 0, 0, new BigDecimal("0.0004"), 0, 0);
        assertThat(device.figures(IDEAL_CYCLE).energyKwh()).isEqualTo("0.000");
        assertThat(device.plus(device).figures(IDEAL_CYCLE).energyKwh()).isEqualTo("0.001");
    }

    @Test
    void oeeIsComputedFromTheRawFiguresNotFromRoundedRatios() {
        // RUN 330 s, IDLE 120 s, 10 parts x 30 s: availability 330/450 = 0.7333, performance 300/330 = 0.9091,
        // OEE 300/450 = 0.6667 (0.7333 x 0.9091 = 0.66664 would give 0.6666)
        KpiTotals.Figures figures = new KpiTotals(330, 120, 0, 0, 10, BigDecimal.ZERO, 4, 0).figures(IDEAL_CYCLE);
        assertThat(figures.availability()).isEqualTo(new BigDecimal("0.7333"));
        assertThat(figures.utilisation()).isEqualTo(new BigDecimal("0.7333"));
        assertThat(figures.performance()).isEqualTo(new BigDecimal("0.9091"));
        assertThat(figures.quality()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(figures.oee()).isEqualTo(new BigDecimal("0.6667"));
    }

    @Test
    void performanceIsAtMostOneAndOeeThenEqualsAvailability() {
        // 7 parts x 30 s = 210 s of ideal cycles in 180 s of RUN: performance 1, OEE = 180 / 240
        KpiTotals.Figures figures = new KpiTotals(180, 30, 30, 60, 7, BigDecimal.ZERO, 5, 0).figures(IDEAL_CYCLE);
        assertThat(figures.performance()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(figures.oee()).isEqualTo(new BigDecimal("0.7500"));
    }

    @Test
    void ratiosWithoutADenominatorAreNull() {
        KpiTotals.Figures none = KpiTotals.NONE.figures(IDEAL_CYCLE);
        assertThat(none.availability()).isNull();
        assertThat(none.performance()).isNull();
        assertThat(none.oee()).isNull();
        assertThat(none.energyKwh()).isEqualTo("0.000");
        KpiTotals.Figures idleOnly = new KpiTotals(0, 60, 0, 0, 0, BigDecimal.ZERO, 1, 0).figures(IDEAL_CYCLE);
        assertThat(idleOnly.availability()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(idleOnly.oee()).isNull();
        assertThat(KpiTotals.ratio(BigDecimal.valueOf(2), BigDecimal.valueOf(3))).isEqualTo(new BigDecimal("0.6667"));
        assertThat(KpiTotals.ratio(BigDecimal.ONE, BigDecimal.ZERO)).isNull();
    }
}
