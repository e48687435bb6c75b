package cn.smedt.security.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DigestAlgorithmTest {

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void sm3MatchesTheGbTVectors() {
        assertThat(hex(DigestAlgorithm.SM3.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(hex(DigestAlgorithm.SM3.digest("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    @Test
    void sha256AndTokens() {
        assertThat(hex(DigestAlgorithm.SHA_256.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(DigestAlgorithm.fromToken("sm3")).contains(DigestAlgorithm.SM3);
        assertThat(DigestAlgorithm.fromToken("sha-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.fromToken("sha-512")).isEmpty();
        assertThat(DigestAlgorithm.SM3.digest(null)).hasSize(32);
    }
}
