package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One publication of the Loan Prime Rate (贷款市场报价利率), in force from its effective date until the next one.
 *
 * @param effectiveFrom date from which the rates apply
 * @param oneYear       1-year LPR in percent per annum, e.g. {@code 3.45}
 * @param fiveYear      5-year-and-above LPR in percent per annum, e.g. {@code 3.95}
 */
public record LprEntry(LocalDate effectiveFrom, BigDecimal oneYear, BigDecimal fiveYear) {

    public LprEntry {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        percent("oneYear", oneYear);
        percent("fiveYear", fiveYear);
    }

    private static void percent(String name, BigDecimal value) {
        if (value == null || value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw new InvalidAmountException(name + " must be a percentage above 0 and below 100, got " + value);
        }
    }

    /** The rate of one tenor, in percent per annum. */
    public BigDecimal percent(Tenor tenor) {
        return tenor == Tenor.ONE_YEAR ? oneYear : fiveYear;
    }
}
