package cn.smedt.security.signature;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test keys and messages of RFC 9421 Appendix B (B.1.3, B.1.4, B.2), copied from the RFC text with the
 * RFC 8792 line wrapping removed.
 */
public final class Rfc9421Vectors {

    private Rfc9421Vectors() {
    }

    /** B.1.3 test-key-ecc-p256, public. */
    public static final String ECC_P256_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf
            w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
            -----END PUBLIC KEY-----
            """;

    /** B.1.3 test-key-ecc-p256, private (SEC1). */
    public static final String ECC_P256_PRIVATE = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIFKbhfNZfpDsW43+0+JjUr9K+bTeuxopu653+hBaXGA7oAoGCCqGSM49
            AwEHoUQDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lfw0EkjqF7xB4FivAxzic30tMM
            4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
            -----END EC PRIVATE KEY-----
            """;

    /** B.1.4 test-key-ed25519, public. */
    public static final String ED25519_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
            -----END PUBLIC KEY-----
            """;

    /** B.1.4 test-key-ed25519, private (PKCS#8). */
    public static final String ED25519_PRIVATE = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
            -----END PRIVATE KEY-----
            """;

    public static final String REQUEST_DIGEST =
            "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";
    public static final String RESPONSE_DIGEST =
            "sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:";

    /** B.2 test-request: POST /foo?param=Value&amp;Pet=dog to example.com, body {"hello": "world"}. */
    public static HttpMessage testRequest() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of("example.com"));
        h.put("Date", List.of("Tue, 20 Apr 2021 02:07:55 GMT"));
        h.put("Content-Type", List.of("application/json"));
        h.put("Content-Digest", List.of(REQUEST_DIGEST));
        h.put("Content-Length", List.of("18"));
        return HttpMessage.request("POST", URI.create("https://example.com/foo?param=Value&Pet=dog"), h);
    }

    /** B.2 test-response: 200, body {"message": "good dog"}. */
    public static HttpMessage testResponse() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Date", List.of("Tue, 20 Apr 2021 02:07:56 GMT"));
        h.put("Content-Type", List.of("application/json"));
        h.put("Content-Digest", List.of(RESPONSE_DIGEST));
        h.put("Content-Length", List.of("23"));
        return HttpMessage.response(200, h);
    }
}
