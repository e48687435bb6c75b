package cn.smedt.security.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.security.signature.Failure;
import cn.smedt.security.signature.SignatureCheckException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentDigestTest {

    /** RFC 9530 section 2 / Appendix B: the {"hello": "world"} content. */
    private static final byte[] HELLO = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void rfc9530Sha256Example() throws Exception {
        assertThat(ContentDigest.header(DigestAlgorithm.SHA_256, HELLO))
                .isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
        ContentDigest.verify("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", HELLO);
    }

    @Test
    void rfc9530MultipleAlgorithmsIgnoresUnsupportedOnes() {
        String v = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:,"
                + " sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";
        assertThatCode(() -> ContentDigest.verify(v, HELLO)).doesNotThrowAnyException();
    }

    @Test
    void sm3DigestRoundTrips() throws Exception {
        String h = ContentDigest.header(DigestAlgorithm.SM3, HELLO);
        assertThat(h).startsWith("sm3=:").endsWith(":");
        ContentDigest.verify(h, HELLO);
        ContentDigest.verify(ContentDigest.header(DigestAlgorithm.SM3, new byte[0]), null);
    }

    @Test
    void failureCodes() {
        assertFailure(null, Failure.DIGEST_MISSING);
        assertFailure("  ", Failure.DIGEST_MISSING);
        assertFailure("sha-256=X48E9q", Failure.DIGEST_MALFORMED);
        assertFailure("sha-256=:not base64!:", Failure.DIGEST_MALFORMED);
        assertFailure("SHA-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", Failure.DIGEST_MALFORMED);
        assertFailure("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
                Failure.DIGEST_UNSUPPORTED);
        assertFailure("md5=:AAAA:", Failure.DIGEST_UNSUPPORTED);
        assertFailure(ContentDigest.header(DigestAlgorithm.SHA_256, "other".getBytes(StandardCharsets.UTF_8)),
                Failure.DIGEST_MISMATCH);
        // one supported member matches, another supported one does not
        assertFailure("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, "
                + ContentDigest.header(DigestAlgorithm.SM3, new byte[0]), Failure.DIGEST_MISMATCH);
    }

    private static void assertFailure(String header, Failure expected) {
        assertThatThrownBy(() -> ContentDigest.verify(header, HELLO)).as(String.valueOf(header))
                .isInstanceOfSatisfying(SignatureCheckException.class, e -> assertThat(e.failure()).isEqualTo(expected));
    }
}
