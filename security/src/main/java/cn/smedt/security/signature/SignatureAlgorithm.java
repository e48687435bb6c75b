package cn.smedt.security.signature;

import java.util.Optional;

/**
 * HTTP message signature algorithms. {@code sm2-sm3}: SM2 with SM3, user id {@code 1234567812345678},
 * DER (r,s); {@code ecdsa-p256-sha256}: raw r||s, 64 bytes (RFC 9421 section 3.3.4); {@code ed25519}: 64 bytes.
 */
public enum SignatureAlgorithm {
    SM2_SM3("sm2-sm3"),
    ECDSA_P256_SHA256("ecdsa-p256-sha256"),
    ED25519("ed25519");

    private final String token;

    SignatureAlgorithm(String token) {
        this.token = token;
    }

    /** The value of the {@code alg} signature parameter. */
    public String token() {
        return token;
    }

    public static Optional<SignatureAlgorithm> fromToken(String token) {
        for (SignatureAlgorithm a : values()) {
            if (a.token.equals(token)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
