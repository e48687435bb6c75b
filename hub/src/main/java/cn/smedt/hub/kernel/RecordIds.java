package cn.smedt.hub.kernel;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * The hex digits of the hub's record ids, in the order the records are made: 8 digits of the second (since the epoch,
 * until 2106), then a counter that starts at a random number each second and counts up within it. A table's primary
 * key (and the indexes on such ids) then takes a second's records at one place of its B-tree, instead of at random
 * leaf pages all over it: with random ids, each insert into a large table changed a page of its own, which H2 writes
 * whole at the commit (docs/benchmarks.md, 2026-12-02). An id says when its record was made, to the second, and
 * nothing more.
 * <p>
 * Unique within a node: the counter of one second never repeats (should it run out, the ids go on with the next
 * second). Two nodes on one database make colliding ids only when, in the same second, their random starts fall
 * within the ids they make of each other: with a counter of 10 digits (40 bits) and 2,500 ids per second on each,
 * about once in 10^8 such seconds; the tables' primary keys refuse a collision rather than overwrite.
 */
public final class RecordIds {

    private static final int SECOND_DIGITS = 8;
    private static final SecureRandom START = new SecureRandom();

    private final int counterDigits;
    /** The counter's largest value; it starts below half of it, so a second's ids rarely reach it. */
    private final long max;
    private final Clock clock;
    private long second = -1;
    private long next;

    /** Ids of {@code digits} hex digits (9 to 24): 8 of the second, the rest the counter. */
    public RecordIds(int digits) {
        this(digits, Clock.systemUTC());
    }

    RecordIds(int digits, Clock clock) {
        if (digits <= SECOND_DIGITS || digits > SECOND_DIGITS + 16) {
            throw new IllegalArgumentException("a record id has 9 to 24 hex digits, not " + digits);
        }
        this.counterDigits = digits - SECOND_DIGITS;
        this.max = counterDigits == 16 ? -1L >>> 1 : (1L << (4 * counterDigits)) - 1;
        this.clock = clock;
    }

    /** The next id's digits: never smaller than the one before (a clock set back keeps the last second). */
    public synchronized String next() {
        long now = clock.millis() / 1000;
        if (now > second || next > max) {
            second = Math.max(now, second + (next > max ? 1 : 0));
            next = (START.nextLong() >>> 1) % (max / 2 + 1);
        }
        String counter = Long.toHexString(next++);
        return pad(Long.toHexString(second), SECOND_DIGITS) + pad(counter, counterDigits);
    }

    private static String pad(String hex, int digits) {
        return hex.length() >= digits ? hex.substring(hex.length() - digits) : "0".repeat(digits - hex.length()) + hex;
    }
}
