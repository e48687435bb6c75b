package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A non-negative amount of yuan with exactly 2 decimal places (fen precision). Arithmetic that can produce more
 * places (multiplication by a rate) rounds {@link RoundingMode#HALF_UP}; nothing here ever uses binary floating point.
 * Immutable; {@link #equals} ignores nothing (both values have scale 2, so {@code 1.5} and {@code 1.50} are equal).
 */
public final class Money implements Comparable<Money> {

    /** Scale of every amount: fen. */
    public static final int SCALE = 2;
    /** Rounding of every amount. */
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
    /** Zero yuan. */
    public static final Money ZERO = new Money(BigDecimal.ZERO.setScale(SCALE));

    /** The amount in yuan, scale 2, never negative. */
    private final BigDecimal amount;

    private Money(BigDecimal amount) {
        this.amount = amount;
    }

    /**
     * Amount from a decimal, rounded HALF_UP to fen.
     *
     * @throws InvalidAmountException when null or negative
     */
    public static Money of(BigDecimal amount) {
        if (amount == null) {
            throw new InvalidAmountException("amount is missing");
        }
        BigDecimal scaled = amount.setScale(SCALE, ROUNDING);
        if (scaled.signum() < 0) {
            throw new InvalidAmountException("amount must not be negative: " + amount.toPlainString());
        }
        return new Money(scaled);
    }

    /** Whole yuan. */
    public static Money ofYuan(long yuan) {
        return of(BigDecimal.valueOf(yuan));
    }

    /** Integer fen (分): {@code ofFen(123450)} is 1234.50 yuan. */
    public static Money ofFen(long fen) {
        return of(BigDecimal.valueOf(fen, SCALE));
    }

    /**
     * Parses a plain decimal yuan amount with at most 2 decimal places, e.g. {@code "1234.50"} or {@code "300000"}.
     * Exponents, signs other than none, grouping separators and a third decimal place are refused: an amount on the
     * wire must be exact, not rounded silently.
     *
     * @throws InvalidAmountException when the text is not such an amount
     */
    public static Money parse(String text) {
        if (text == null || !text.trim().matches("\\d{1,15}(\\.\\d{1,2})?")) {
            throw new InvalidAmountException("not an amount of yuan with at most 2 decimals: " + text);
        }
        return of(new BigDecimal(text.trim()));
    }

    /** The amount in yuan, scale 2. */
    public BigDecimal amount() {
        return amount;
    }

    /** The amount in integer fen. */
    public long toFen() {
        return amount.movePointRight(SCALE).longValueExact();
    }

    public Money plus(Money other) {
        return new Money(amount.add(other.amount));
    }

    /**
     * Difference.
     *
     * @throws InvalidAmountException when {@code other} is larger (amounts never go negative)
     */
    public Money minus(Money other) {
        BigDecimal difference = amount.subtract(other.amount);
        if (difference.signum() < 0) {
            throw new InvalidAmountException(amount.toPlainString() + " - " + other.amount.toPlainString()
                    + " would be negative");
        }
        return new Money(difference);
    }

    /** This amount minus {@code other}, or zero when {@code other} is larger. */
    public Money minusFloorZero(Money other) {
        return compareTo(other) <= 0 ? ZERO : new Money(amount.subtract(other.amount));
    }

    /**
     * This amount times a non-negative rate (a fraction, e.g. {@code 0.40}), rounded HALF_UP to fen.
     *
     * @throws InvalidAmountException when the rate is negative
     */
    public Money times(BigDecimal rate) {
        if (rate.signum() < 0) {
            throw new InvalidAmountException("rate must not be negative: " + rate.toPlainString());
        }
        return new Money(amount.multiply(rate).setScale(SCALE, ROUNDING));
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isAtLeast(Money other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money other && amount.equals(other.amount);
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount);
    }

    /** Plain decimal with 2 places, e.g. {@code 1234.50}. */
    @Override
    public String toString() {
        return amount.toPlainString();
    }
}
