package cn.smedt.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void parsesPlainYuanWithTwoPlaces() {
        Money m = Money.parse("1234.50");
        assertThat(m.toString()).isEqualTo("1234.50");
        assertThat(m.amount().scale()).isEqualTo(2);
        assertThat(m.toFen()).isEqualTo(123450L);
        assertThat(Money.parse("300000")).isEqualTo(Money.ofYuan(300000));
        assertThat(Money.parse("0.5")).isEqualTo(Money.ofFen(50));
    }

    @Test
    void refusesInexactNegativeOrMalformedText() {
        for (String bad : new String[] {"1.234", "-1.00", "1e3", "1,000.00", "", " ", "abc", null}) {
            assertThatThrownBy(() -> Money.parse(bad)).as(bad).isInstanceOf(InvalidAmountException.class);
        }
        assertThatThrownBy(() -> Money.of(new BigDecimal("-0.01"))).isInstanceOf(InvalidAmountException.class);
    }

    @Test
    void multipliesByARateHalfUpToTheFen() {
        // 0.05 x 0.5 = 0.025 -> 0.03 (HALF_UP), 333333.33 x 0.30 = 99999.999 -> 100000.00
        assertThat(Money.parse("0.05").times(new BigDecimal("0.5"))).isEqualTo(Money.parse("0.03"));
        assertThat(Money.parse("333333.33").times(new BigDecimal("0.30"))).isEqualTo(Money.parse("100000.00"));
        assertThatThrownBy(() -> Money.ZERO.times(new BigDecimal("-0.1"))).isInstanceOf(InvalidAmountException.class);
    }

    @Test
    void neverGoesNegative() {
        assertThatThrownBy(() -> Money.parse("1.00").minus(Money.parse("1.01")))
                .isInstanceOf(InvalidAmountException.class);
        assertThat(Money.parse("1.00").minusFloorZero(Money.parse("1.01"))).isEqualTo(Money.ZERO);
        assertThat(Money.parse("5.00").minus(Money.parse("1.01"))).isEqualTo(Money.parse("3.99"));
        assertThat(Money.parse("2.00").min(Money.parse("1.50"))).isEqualTo(Money.parse("1.5"));
    }
}
