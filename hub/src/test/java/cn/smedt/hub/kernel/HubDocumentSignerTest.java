package cn.smedt.hub.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.node.HubNodeProperties;
import cn.smedt.security.signature.Verifiers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document the hub issues is signed over its exact bytes: the payload decodes to the document, the signature
 * verifies over those bytes with the hub's public key, and any other bytes (one changed amount) do not verify.
 */
class HubDocumentSignerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Statement(String bankId, String granted) {
    }

    @Test
    void thePayloadIsTheDocumentAndTheSignatureCoversExactlyItsBytes(@TempDir Path dir) throws Exception {
        HubIdentity hub = new HubIdentity(new HubIdentityProperties("hub-test-1", null, null, null, null, null, null,
                true), new HubNodeProperties("test", "410100", null, dir));
        HubDocumentSigner.SignedDocument signed = new HubDocumentSigner(hub, JSON)
                .sign(new Statement("bank-zz", "1234.50"));

        byte[] payload = Base64.getDecoder().decode(signed.payload());
        assertThat(new String(payload, StandardCharsets.UTF_8))
                .isEqualTo("{\"bankId\":\"bank-zz\",\"granted\":\"1234.50\"}");
        assertThat(signed.signature().keyId()).isEqualTo("hub-test-1");
        assertThat(signed.signature().alg()).isEqualTo("sm2-sm3");
        assertThat(JSON.writeValueAsString(signed.signature())).contains("\"keyid\":\"hub-test-1\"");
        var verifier = Verifiers.create(hub.algorithm(), hub.publicKey());
        byte[] value = Base64.getDecoder().decode(signed.signature().value());
        assertThat(verifier.verify(payload, value)).isTrue();
        assertThat(verifier.verify("{\"bankId\":\"bank-zz\",\"granted\":\"9234.50\"}"
                .getBytes(StandardCharsets.UTF_8), value)).isFalse();
    }
}
