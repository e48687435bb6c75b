package cn.smedt.hub.devices;

import com.ethlo.time.ITU;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The latest sample of a device, kept in the Hazelcast map {@value DeviceTelemetry#STATE_MAP} and in the database
 * (the newest row of the device in {@code device_minute}, see {@link DeviceStateLoader}).
 *
 * @param uscc      the enterprise the device belongs to (from its topic)
 * @param deviceId  the device id (from its topic)
 * @param at        the sample's own timestamp (to the microsecond, the databases' precision)
 * @param state     the machine state at {@code at}
 * @param partCount the cumulative part counter at {@code at}
 * @param energyKwh the cumulative energy meter at {@code at}, kWh with {@value #ENERGY_SCALE} decimals
 */
public record DeviceState(String uscc, String deviceId, Instant at, MachineState state, long partCount,
                          BigDecimal energyKwh) implements Serializable {

    /**
     * Decimals the hub keeps of a meter reading (1 µWh; also the scale of {@code device_minute.energy_kwh}): finer
     * digits are below any meter's resolution (the binary noise of an OPC UA Float or Double value).
     */
    public static final int ENERGY_SCALE = 9;

    /** Meter readings must fit {@code numeric(24, 9)}: below 10^15 kWh. */
    private static final BigDecimal MAX_ENERGY = BigDecimal.TEN.pow(24 - ENERGY_SCALE);
    /** More decimals than any meter or floating-point value has: refused before rounding would cost anything. */
    private static final int MAX_DECIMALS = 400;

    /** Intervals between two samples longer than this count as nothing (the device was silent). */
    static final Duration MAX_GAP = Duration.ofMinutes(5);

    /**
     * An energy meter's reading as the hub keeps it: rounded HALF_UP to {@value #ENERGY_SCALE} decimals; null when it
     * is negative, not below 10^15 kWh or written with more than {@value #MAX_DECIMALS} decimals.
     */
    static BigDecimal meterReading(BigDecimal raw) {
        if (raw.signum() < 0 || raw.compareTo(MAX_ENERGY) >= 0 || raw.scale() > MAX_DECIMALS) {
            return null;
        }
        BigDecimal reading = raw.setScale(ENERGY_SCALE, RoundingMode.HALF_UP);
        return reading.compareTo(MAX_ENERGY) < 0 ? reading : null;
    }

    /**
     * A sample's {@code ts} as the hub keeps it: an RFC 3339 date-time (a four-digit year, {@code T} or a space
     * between date and time, an offset or {@code Z}; letters in either case), truncated to the microsecond. Parsed by
     * ethlo's ITU, which reads this one format about ten times faster than {@link Instant#parse} (the cost showed in
     * the telemetry path's profile, docs/benchmarks.md).
     *
     * @throws DateTimeException when {@code text} is no such date-time (a field out of range, a leap second, no
     *                           offset, a date alone)
     */
    static Instant sampleTime(String text) {
        return ITU.parseDateTime(text).toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The interval from this sample to {@code next}, a newer sample of the same device: its length (none when longer
     * than {@link #MAX_GAP}) in this sample's state, and the parts and energy the counters advanced by. A counter
     * lower than this sample's was reset in between, so everything it shows was counted since the reset. The energy
     * is the exact difference of the two readings, so the intervals of a window add up to the last reading minus the
     * first (per stretch between resets) without any rounding.
     */
    Interval intervalTo(DeviceState next) {
        Duration gap = Duration.between(at, next.at());
        int seconds = gap.compareTo(MAX_GAP) > 0 ? 0 : (int) gap.getSeconds();
        long parts = next.partCount() >= partCount ? next.partCount() - partCount : next.partCount();
        BigDecimal energy = next.energyKwh().compareTo(energyKwh) >= 0 ? next.energyKwh().subtract(energyKwh)
                : next.energyKwh();
        return new Interval(state, seconds, parts, energy);
    }

    /**
     * What one interval between two samples adds to the per-minute aggregate.
     *
     * @param state     the state the machine was in (that of the interval's first sample)
     * @param seconds   the seconds it lasted (0 for a silence longer than {@link #MAX_GAP})
     * @param parts     parts made
     * @param energyKwh energy used, kWh, exact
     */
    record Interval(MachineState state, int seconds, long parts, BigDecimal energyKwh) {
    }
}
