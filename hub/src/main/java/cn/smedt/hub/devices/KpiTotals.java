package cn.smedt.hub.devices;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The raw figures of a device, or of several summed, over the KPI window (from {@code device_minute}), and the KPIs
 * computed from them. Every KPI is computed from the raw figures and rounded once, at the end: ratios HALF_UP to
 * {@value #RATIO_SCALE} decimals, energy HALF_UP to {@value #ENERGY_SCALE} decimals (kWh); OEE is not the product of
 * two rounded ratios but availability x performance x quality reduced to min(RUN seconds, parts x ideal cycle) x
 * quality / planned seconds.
 *
 * @param runSeconds   seconds in RUN
 * @param idleSeconds  seconds in IDLE
 * @param alarmSeconds seconds in ALARM
 * @param offSeconds   seconds in OFF (not planned time)
 * @param parts        parts made
 * @param energyKwh    energy used, kWh, exact (the meter readings' differences)
 * @param intervals    sample intervals aggregated
 * @param lateSamples  samples that arrived after a newer one
 */
record KpiTotals(long runSeconds, long idleSeconds, long alarmSeconds, long offSeconds, long parts,
                 BigDecimal energyKwh, long intervals, long lateSamples) {

    static final int RATIO_SCALE = 4;
    static final int ENERGY_SCALE = 3;
    static final KpiTotals NONE = new KpiTotals(0, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0);
    /** Devices report no scrap count yet: quality is 1 (stated in the answer's assumptions). */
    private static final BigDecimal QUALITY = BigDecimal.ONE;

    KpiTotals plus(KpiTotals other) {
        return new KpiTotals(runSeconds + other.runSeconds, idleSeconds + other.idleSeconds,
                alarmSeconds + other.alarmSeconds, offSeconds + other.offSeconds, parts + other.parts,
                energyKwh.add(other.energyKwh), intervals + other.intervals, lateSamples + other.lateSamples);
    }

    /**
     * The figures and KPIs of a device or an enterprise, as answered (names as in the devices contract; written as
     * fields of the object that holds them). A ratio without a denominator is null (left out of the JSON).
     *
     * @param runSeconds   seconds in RUN
     * @param idleSeconds  seconds in IDLE
     * @param alarmSeconds seconds in ALARM
     * @param offSeconds   seconds in OFF
     * @param parts        parts made
     * @param energyKwh    kWh used, {@value #ENERGY_SCALE} decimals, as text
     * @param intervals    sample intervals aggregated
     * @param lateSamples  samples that arrived after a newer one
     * @param utilisation  RUN / planned seconds (= availability), {@value #RATIO_SCALE} decimals
     * @param availability RUN / planned seconds
     * @param performance  parts x ideal cycle / RUN seconds, at most 1
     * @param quality      1 (no scrap counts reported)
     * @param oee          availability x performance x quality
     */
    record Figures(long runSeconds, long idleSeconds, long alarmSeconds, long offSeconds, long parts,
                   String energyKwh, long intervals, long lateSamples,
                   BigDecimal utilisation,
                   BigDecimal availability,
                   BigDecimal performance, BigDecimal quality,
                   BigDecimal oee) {
    }

    /**
     * The figures and KPIs as answered (names as in the devices contract): utilisation = availability = RUN / planned
     * (RUN + IDLE + ALARM) seconds, performance = parts x {@code idealCycleSeconds} / RUN seconds (at most 1), quality,
     * OEE; a ratio without a denominator is null.
     */
    Figures figures(BigDecimal idealCycleSeconds) {
        BigDecimal run = BigDecimal.valueOf(runSeconds);
        BigDecimal planned = BigDecimal.valueOf(runSeconds + idleSeconds + alarmSeconds);
        // the RUN time the parts would have needed at the ideal cycle, at most the RUN time (performance <= 1)
        BigDecimal idealRun = BigDecimal.valueOf(parts).multiply(idealCycleSeconds).min(run);
        BigDecimal availability = ratio(run, planned);
        BigDecimal performance = ratio(idealRun, run);
        return new Figures(runSeconds, idleSeconds, alarmSeconds, offSeconds, parts,
                energyKwh.setScale(ENERGY_SCALE, RoundingMode.HALF_UP).toPlainString(), intervals, lateSamples,
                availability, availability, performance, QUALITY.setScale(RATIO_SCALE),
                availability == null || performance == null ? null : ratio(idealRun.multiply(QUALITY), planned));
    }

    /** {@code part / whole} rounded HALF_UP to {@value #RATIO_SCALE} decimals; null when {@code whole} is 0. */
    static BigDecimal ratio(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.divide(whole, RATIO_SCALE, RoundingMode.HALF_UP);
    }
}
