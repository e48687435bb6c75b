package cn.smedt.simulators.devices;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;

/**
 * The behaviour of one simulated machine, independent of how it is published (MQTT in {@link MachineSimulator}, OPC UA
 * in {@link OpcUaMachineServer}): its state follows a random walk with the kind's idle and alarm shares, its part
 * counter advances by elapsed RUN time / seconds per part, its energy meter (kWh, 3 decimals, BigDecimal) by the power
 * of the state it was in. Counters are cumulative like a real PLC's. Deterministic for a given seed and sequence of
 * {@link #advance} instants. Not thread-safe: one caller advances it.
 */
public final class MachineModel {

    /** What the machine shows after an {@link #advance}: state RUN|IDLE|ALARM|OFF and the cumulative counters. */
    public record Snapshot(Instant ts, String state, long partCount, BigDecimal energyKwh) {
    }

    private final MachineKind kind;
    private final Random random;
    private String state = "RUN";
    private double partProgress;
    private long parts;
    private BigDecimal energyKwh = BigDecimal.ZERO;
    private Instant last;

    public MachineModel(MachineKind kind, long seed) {
        this(kind, new Random(seed));
    }

    /** A machine drawing its state changes from {@code random} (which it then owns). */
    public MachineModel(MachineKind kind, Random random) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.random = Objects.requireNonNull(random, "random");
    }

    public MachineKind kind() {
        return kind;
    }

    /**
     * Advances the machine to {@code now}: the time since the previous call is accounted in the state the machine was
     * in (energy at that state's power, parts while RUN), then the next state is drawn. The first call only sets the
     * clock (state RUN, counters zero).
     */
    public Snapshot advance(Instant now) {
        if (last != null) {
            double seconds = Duration.between(last, now).toMillis() / 1000.0;
            int kw = "RUN".equals(state) ? kind.runKw : "OFF".equals(state) ? 0 : kind.idleKw;
            energyKwh = energyKwh.add(BigDecimal.valueOf(kw * seconds / 3600.0)).setScale(3, RoundingMode.HALF_UP);
            if ("RUN".equals(state)) {
                partProgress += seconds / kind.secondsPerPart;
                parts += (long) partProgress;
                partProgress -= (long) partProgress;
            }
            state = next();
        }
        last = now;
        return snapshot();
    }

    /** The current values without advancing. */
    public Snapshot snapshot() {
        return new Snapshot(last, state, parts, energyKwh);
    }

    private String next() {
        double roll = random.nextDouble();
        if (roll < kind.alarmShare) {
            return "ALARM";
        }
        return roll < kind.alarmShare + kind.idleShare ? "IDLE" : "RUN";
    }
}
