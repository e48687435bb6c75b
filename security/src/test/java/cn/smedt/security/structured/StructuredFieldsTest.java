package cn.smedt.security.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredFieldsTest {

    @Test
    void parsesDictionaryOfInnerListsAndKeepsSourceText() throws Exception {
        String v = "sig1=(\"@method\" \"signature\";req;key=\"a\");created=1618884473;keyid=\"k\", sig2=:AQID:;x=1.5";
        Map<String, StructuredFields.Entry> d = StructuredFields.parseDictionary(v);
        assertThat(d).containsOnlyKeys("sig1", "sig2");
        StructuredFields.InnerList list = (StructuredFields.InnerList) d.get("sig1").member();
        assertThat(list.items()).hasSize(2);
        assertThat(list.items().get(1).params()).containsEntry("req", true).containsEntry("key", "a");
        assertThat(list.params()).containsEntry("created", 1618884473L).containsEntry("keyid", "k");
        assertThat(d.get("sig1").source())
                .isEqualTo("(\"@method\" \"signature\";req;key=\"a\");created=1618884473;keyid=\"k\"");
        StructuredFields.Item item = (StructuredFields.Item) d.get("sig2").member();
        assertThat(((StructuredFields.ByteSequence) item.value()).bytes()).containsExactly(1, 2, 3);
        assertThat(item.params()).containsEntry("x", new BigDecimal("1.5"));
        assertThat(StructuredFields.serializeMember(list)).isEqualTo(d.get("sig1").source());
    }

    @Test
    void bareKeysAreTrueAndTokensParse() throws Exception {
        Map<String, StructuredFields.Entry> d = StructuredFields.parseDictionary("a, b=?0, c=tok/en:x");
        assertThat(((StructuredFields.Item) d.get("a").member()).value()).isEqualTo(true);
        assertThat(((StructuredFields.Item) d.get("b").member()).value()).isEqualTo(false);
        assertThat(((StructuredFields.Item) d.get("c").member()).value()).isEqualTo(new StructuredFields.Token("tok/en:x"));
    }

    @Test
    void rejectsBadSyntax() {
        for (String bad : new String[] {"A=1", "a=(1 2", "a=1,", "a=\"x", "a=:@@@:", "a=1;", "a=1 b=2", "a=?2",
                "a=1234567890123456"}) {
            assertThatThrownBy(() -> StructuredFields.parseDictionary(bad)).as(bad)
                    .isInstanceOf(StructuredFieldException.class);
        }
    }

    @Test
    void serializesStringsWithEscapes() {
        assertThat(StructuredFields.serializeBareItem("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(StructuredFields.serializeBareItem(new BigDecimal("2"))).isEqualTo("2.0");
    }
}
