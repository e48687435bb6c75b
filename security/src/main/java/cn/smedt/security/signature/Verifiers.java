package cn.smedt.security.signature;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/** Creates thread-safe {@link MessageVerifier}s that keep one initialised {@link Signature} per thread. */
public final class Verifiers {

    private Verifiers() {
    }

    /** A verifier for the key; {@link Failure#KEY_MALFORMED} when the key does not fit the algorithm. */
    public static MessageVerifier create(SignatureAlgorithm alg, PublicKey key) throws SignatureCheckException {
        if (alg == null || key == null) {
            throw new SignatureCheckException(Failure.KEY_MALFORMED, "no key or algorithm");
        }
        if (!JcaAlgorithms.fits(alg, key)) {
            throw new SignatureCheckException(Failure.KEY_MALFORMED,
                    key.getAlgorithm() + " key does not fit " + alg.token());
        }
        PublicKey bcKey;
        try {
            bcKey = JcaAlgorithms.toBc(alg, key);
            init(alg, bcKey);
        } catch (GeneralSecurityException e) {
            throw new SignatureCheckException(Failure.KEY_MALFORMED, "unusable " + alg.token() + " key: " + e.getMessage());
        }
        return new ThreadLocalVerifier(alg, bcKey);
    }

    private static Signature init(SignatureAlgorithm alg, PublicKey key) throws GeneralSecurityException {
        Signature s = JcaAlgorithms.newSignature(alg);
        s.initVerify(key);
        return s;
    }

    private static final class ThreadLocalVerifier implements MessageVerifier {
        private final SignatureAlgorithm alg;
        private final PublicKey key;
        private final ThreadLocal<Signature> perThread = new ThreadLocal<>();

        ThreadLocalVerifier(SignatureAlgorithm alg, PublicKey key) {
            this.alg = alg;
            this.key = key;
        }

        @Override
        public SignatureAlgorithm algorithm() {
            return alg;
        }

        @Override
        public boolean verify(byte[] data, byte[] signature) {
            if (data == null || signature == null || signature.length == 0) {
                return false;
            }
            if ((alg == SignatureAlgorithm.ECDSA_P256_SHA256 || alg == SignatureAlgorithm.ED25519) && signature.length != 64) {
                return false;
            }
            Signature s = perThread.get();
            try {
                if (s == null) {
                    s = init(alg, key);
                    perThread.set(s);
                }
                s.update(data);
                return s.verify(signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                // A malformed signature may leave the engine mid-operation: start over with a fresh one.
                perThread.remove();
                return false;
            }
        }

        @Override
        public String toString() {
            return "MessageVerifier[" + alg.token() + "]";
        }
    }
}
