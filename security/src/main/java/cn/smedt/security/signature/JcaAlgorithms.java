package cn.smedt.security.signature;

import cn.smedt.security.BouncyCastle;
import cn.smedt.security.keys.PemKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;

/** JCA names and key preparation shared by {@link Signers} and {@link Verifiers}. */
final class JcaAlgorithms {

    /** GM/T 0009 default SM2 user id. */
    static final byte[] SM2_DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private JcaAlgorithms() {
    }

    /**
     * A fresh, uninitialised BC {@link Signature}. ECDSA uses BC's PLAIN-ECDSA, whose encoding is the fixed-size
     * r||s concatenation RFC 9421 section 3.3.4 asks for (no DER conversion needed).
     */
    static Signature newSignature(SignatureAlgorithm alg) throws GeneralSecurityException {
        return switch (alg) {
            case SM2_SM3 -> {
                Signature s = Signature.getInstance("SM3withSM2", BouncyCastle.PROVIDER);
                s.setParameter(new SM2ParameterSpec(SM2_DEFAULT_USER_ID));
                yield s;
            }
            case ECDSA_P256_SHA256 -> Signature.getInstance("SHA256withPLAIN-ECDSA", BouncyCastle.PROVIDER);
            case ED25519 -> Signature.getInstance("Ed25519", BouncyCastle.PROVIDER);
        };
    }

    private static String keyFactoryName(SignatureAlgorithm alg) {
        return alg == SignatureAlgorithm.ED25519 ? "Ed25519" : "EC";
    }

    /** Checks that the key fits the algorithm; empty when it does not. */
    static boolean fits(SignatureAlgorithm alg, Key key) {
        Optional<SignatureAlgorithm> detected = PemKeys.detectAlgorithm(key);
        return detected.isPresent() && detected.get() == alg;
    }

    /** The key as a BC key object (re-read from its standard encoding). */
    static PrivateKey toBc(SignatureAlgorithm alg, PrivateKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance(keyFactoryName(alg), BouncyCastle.PROVIDER)
                .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    }

    static PublicKey toBc(SignatureAlgorithm alg, PublicKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance(keyFactoryName(alg), BouncyCastle.PROVIDER)
                .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    }
}
