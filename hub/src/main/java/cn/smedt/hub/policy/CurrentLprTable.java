package cn.smedt.hub.policy;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The LPR table in use on this node: an immutable {@link LprTable} swapped atomically when an operator replaces it
 * or adds a publication (admin API). Readers take {@link #current()} once per calculation, so one decision never
 * mixes two tables.
 */
public final class CurrentLprTable {

    /** The table in use. */
    private final AtomicReference<LprTable> table;

    public CurrentLprTable(LprTable initial) {
        this.table = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** The table in use now. */
    public LprTable current() {
        return table.get();
    }

    /** Replaces the whole table. */
    public void replace(LprTable replacement) {
        table.set(Objects.requireNonNull(replacement, "replacement"));
    }

    /** Adds (or replaces, same effective date) one publication; returns the new table. */
    public LprTable addEntry(LprEntry entry) {
        return update(t -> t.withEntry(entry));
    }

    /** Applies a change atomically; returns the new table. */
    public LprTable update(UnaryOperator<LprTable> change) {
        return table.updateAndGet(change);
    }
}
