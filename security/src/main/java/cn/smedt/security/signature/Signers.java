package cn.smedt.security.signature;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Objects;

/** Creates thread-safe {@link MessageSigner}s that keep one initialised {@link Signature} per thread. */
public final class Signers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signers() {
    }

    /**
     * A signer for the key.
     *
     * @throws SigningException when the key does not fit the algorithm or cannot be used
     */
    public static MessageSigner create(SignatureAlgorithm alg, PrivateKey key, String keyId) {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(key, "key");
        if (!JcaAlgorithms.fits(alg, key)) {
            throw new SigningException("key " + keyId + " (" + key.getAlgorithm() + ") does not fit " + alg.token());
        }
        PrivateKey bcKey;
        try {
            bcKey = JcaAlgorithms.toBc(alg, key);
            init(alg, bcKey);
        } catch (GeneralSecurityException e) {
            throw new SigningException("key " + keyId + " cannot sign with " + alg.token() + ": " + e.getMessage(), e);
        }
        return new ThreadLocalSigner(alg, bcKey, keyId);
    }

    private static Signature init(SignatureAlgorithm alg, PrivateKey key) throws GeneralSecurityException {
        Signature s = JcaAlgorithms.newSignature(alg);
        s.initSign(key, RANDOM);
        return s;
    }

    private static final class ThreadLocalSigner implements MessageSigner {
        private final SignatureAlgorithm alg;
        private final PrivateKey key;
        private final String keyId;
        private final ThreadLocal<Signature> perThread;

        ThreadLocalSigner(SignatureAlgorithm alg, PrivateKey key, String keyId) {
            this.alg = alg;
            this.key = key;
            this.keyId = keyId;
            this.perThread = new ThreadLocal<>();
        }

        @Override
        public SignatureAlgorithm algorithm() {
            return alg;
        }

        @Override
        public String keyId() {
            return keyId;
        }

        @Override
        public byte[] sign(byte[] data) {
            try {
                Signature s = perThread.get();
                if (s == null) {
                    s = init(alg, key);
                    perThread.set(s);
                }
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException e) {
                perThread.remove();
                throw new SigningException("signing with " + alg.token() + " key " + keyId + " failed", e);
            }
        }

        @Override
        public String toString() {
            return "MessageSigner[" + alg.token() + ", keyid=" + keyId + "]";
        }
    }
}
