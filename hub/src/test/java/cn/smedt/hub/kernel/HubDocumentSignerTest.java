package cn.smedt.hub.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The canonical form signed documents are signed in: RFC 8785 (JCS) for strings, integers, booleans. */
class HubDocumentSignerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void membersAreSortedWithoutWhitespaceAndStringsEscapedAsJcsDoes() throws Exception {
        String canonical = new String(HubDocumentSigner.canonical(JSON.readTree("""
                { "b": [ 2, true, null, {"z": "x", "a": "试点\\"\\\\\\n\\u0001"} ], "a": "1.00", "B": 0 }""")),
                StandardCharsets.UTF_8);
        assertThat(canonical).isEqualTo("{\"B\":0,\"a\":\"1.00\",\"b\":[2,true,null,{\"a\":\"试点\\\"\\\\\\n\\u0001\","
                + "\"z\":\"x\"}]}");
    }

    @Test
    void aFractionalNumberIsRefused() throws Exception {
        assertThatThrownBy(() -> HubDocumentSigner.canonical(JSON.readTree("{\"granted\":1.5}")))
                .isInstanceOf(ResponseSigningException.class).hasMessageContaining("money is a string");
    }
}
