package cn.smedt.api.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsccTest {

    @ParameterizedTest
    @ValueSource(strings = {"91330000755918469E", "91350100M000100Y43", "91410000170001401D"})
    void acceptsCodesWithTheRightCheckCharacter(String code) {
        assertThat(Uscc.problem(code)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"91310115MA1H8R7C6D", "91330000755918469F", "9133000075591846", "91330000755918469EX",
            "9133000075591846IE", "91330000755918469e"})
    void refusesWrongCheckCharacterLengthOrAlphabet(String code) {
        assertThat(Uscc.problem(code)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"91330000755918469", "91410000170001401", "91350100M000100Y4"})
    void everyOtherCheckCharacterIsRefused(String first17) {
        long accepted = "0123456789ABCDEFGHJKLMNPQRTUWXY".chars()
                .filter(c -> Uscc.isValid(first17 + (char) c)).count();
        assertThat(accepted).isEqualTo(1);
    }
}
