package cn.smedt.security.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SM3Digest;

/** Content digest algorithms (RFC 9530 registry tokens). Thread-safe. */
public enum DigestAlgorithm {
    SHA_256("sha-256"),
    SM3("sm3");

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    });
    private static final ThreadLocal<SM3Digest> SM3_DIGEST = ThreadLocal.withInitial(SM3Digest::new);

    private final String token;

    DigestAlgorithm(String token) {
        this.token = token;
    }

    /** The RFC 9530 algorithm key, e.g. {@code sha-256}. */
    public String token() {
        return token;
    }

    /** Digest of the data (never null; empty data allowed). */
    public byte[] digest(byte[] data) {
        byte[] input = data == null ? new byte[0] : data;
        if (this == SHA_256) {
            MessageDigest md = SHA256.get();
            md.reset();
            return md.digest(input);
        }
        SM3Digest d = SM3_DIGEST.get();
        d.reset();
        d.update(input, 0, input.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    /** The algorithm for an RFC 9530 key (case-sensitive lowercase), if supported. */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        for (DigestAlgorithm a : values()) {
            if (a.token.equals(token)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
