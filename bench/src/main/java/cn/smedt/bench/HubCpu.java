package cn.smedt.bench;

import java.time.Duration;

/**
 * CPU time of the hub process under test (system property {@code bench.hub.pid}, set by the bench scripts from
 * {@code bench/lib/hub.sh}'s HUB_PID): on a machine shared with other work the hub's CPU per record is a steadier
 * figure than its wall-clock rate.
 */
final class HubCpu {

    /** The hub's process id, -1 when not given. */
    static final long PID = Long.getLong("bench.hub.pid", -1);

    private HubCpu() {
    }

    /** The hub's CPU time so far in nanoseconds, -1 when unknown. */
    static long nanos() {
        if (PID < 0) {
            return -1;
        }
        return ProcessHandle.of(PID).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    /** CPU milliseconds per item between two {@link #nanos()} readings, as text; "n/a" when unknown. */
    static String millisPerItem(long before, long after, long items) {
        if (before < 0 || after < 0 || items <= 0) {
            return "n/a";
        }
        return String.format("%.3f", (after - before) / 1e6 / items);
    }

    /** CPU seconds between two readings, as text; "n/a" when unknown. */
    static String seconds(long before, long after) {
        return before < 0 || after < 0 ? "n/a" : String.format("%.1f", (after - before) / 1e9);
    }
}
