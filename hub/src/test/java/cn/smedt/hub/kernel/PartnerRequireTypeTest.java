package cn.smedt.hub.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one "only partner type X may do this" check: {@code partner-type-denied} (403), with what is refused and why. */
class PartnerRequireTypeTest {

    private static Partner of(String id, PartnerType type) {
        return new Partner(id, id, type, Set.of(), Set.of(), 1, null);
    }

    @Test
    void theAllowedTypePassesAndIsReturned() {
        Partner bank = of("bank-zz", PartnerType.BANK);
        assertThat(bank.requireType(PartnerType.BANK, "only cooperating banks submit loans")).isSameAs(bank);
        assertThat(bank.requireType(EnumSet.of(PartnerType.GOVERNMENT, PartnerType.BANK), "only banks and offices"))
                .isSameAs(bank);
    }

    @Test
    void anotherTypeIsRefusedWithTheSentenceItsIdAndItsType() {
        Partner office = of("gov-hn", PartnerType.GOVERNMENT);
        assertThatThrownBy(() -> office.requireType(PartnerType.BANK, "only cooperating banks submit loans"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo(ProblemCode.PARTNER_TYPE_DENIED);
                    assertThat(e.code().status()).isEqualTo(403);
                    assertThat(e.getMessage())
                            .isEqualTo("only cooperating banks submit loans; gov-hn is a GOVERNMENT");
                    assertThat(e.errors()).isEmpty();
                });
    }

    @Test
    void noneOfSeveralAllowedTypesIsRefused() {
        assertThatThrownBy(() -> of("plat-1", PartnerType.PLATFORM)
                .requireType(EnumSet.of(PartnerType.GOVERNMENT, PartnerType.ASSESSOR), "only offices and assessors"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ProblemCode.PARTNER_TYPE_DENIED));
    }
}
