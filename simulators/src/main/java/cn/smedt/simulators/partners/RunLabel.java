package cn.smedt.simulators.partners;

import java.util.Locale;

/**
 * The label of one run of the simulated partners: the second it started, base 36 (7 characters until 2059). The
 * partners' record ids end with it, so a demo restarted on the data of an earlier run sends new records instead of
 * ones the hub already holds (which it would answer as duplicates).
 */
final class RunLabel {

    private RunLabel() {
    }

    static String now() {
        return Long.toString(System.currentTimeMillis() / 1000, 36).toUpperCase(Locale.ROOT);
    }
}
