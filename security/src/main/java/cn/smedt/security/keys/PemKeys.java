package cn.smedt.security.keys;

import cn.smedt.security.BouncyCastle;
import cn.smedt.security.signature.SignatureAlgorithm;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Reading, writing and generating keys in PEM: PKCS#8 {@code PRIVATE KEY}, SPKI {@code PUBLIC KEY}. */
public final class PemKeys {

    private static final BigInteger SM2_ORDER = GMNamedCurves.getByName("sm2p256v1").getN();
    private static final BigInteger P256_ORDER = ECNamedCurveTable.getByName("prime256v1").getN();

    private PemKeys() {
    }

    public static PrivateKey readPrivateKey(Path file) {
        return readPrivateKey(read(file), "file " + file);
    }

    public static PrivateKey readPrivateKey(String pemText) {
        return readPrivateKey(pemText, "PEM text");
    }

    public static PublicKey readPublicKey(Path file) {
        return readPublicKey(read(file), "file " + file);
    }

    public static PublicKey readPublicKey(String pemText) {
        return readPublicKey(pemText, "PEM text");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyLoadingException("cannot read key file " + file + ": " + e, e);
        }
    }

    /** Accepts PKCS#8 {@code PRIVATE KEY} and SEC1 {@code EC PRIVATE KEY}. */
    private static PrivateKey readPrivateKey(String pem, String source) {
        Object obj = parse(pem, source);
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
        try {
            if (obj instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            } else if (obj instanceof PEMKeyPair pair) {
                return conv.getKeyPair(pair).getPrivate();
            } else if (obj instanceof PEMEncryptedKeyPair || obj instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new KeyLoadingException("encrypted private keys are not supported (" + source
                        + "); decrypt it with openssl pkcs8 first");
            }
        } catch (IOException e) {
            throw new KeyLoadingException("unusable private key in " + source + ": " + e.getMessage(), e);
        }
        throw new KeyLoadingException("no private key in " + source + " (found "
                + (obj == null ? "nothing" : obj.getClass().getSimpleName()) + ")");
    }

    /** Accepts SPKI {@code PUBLIC KEY} and {@code CERTIFICATE} (its public key). */
    private static PublicKey readPublicKey(String pem, String source) {
        Object obj = parse(pem, source);
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
        try {
            if (obj instanceof SubjectPublicKeyInfo info) {
                return conv.getPublicKey(info);
            } else if (obj instanceof X509CertificateHolder cert) {
                return conv.getPublicKey(cert.getSubjectPublicKeyInfo());
            } else if (obj instanceof PEMKeyPair pair) {
                return conv.getKeyPair(pair).getPublic();
            }
        } catch (IOException e) {
            throw new KeyLoadingException("unusable public key in " + source + ": " + e.getMessage(), e);
        }
        throw new KeyLoadingException("no public key in " + source + " (found "
                + (obj == null ? "nothing" : obj.getClass().getSimpleName()) + ")");
    }

    private static Object parse(String pem, String source) {
        if (pem == null || pem.isBlank()) {
            throw new KeyLoadingException("empty key in " + source);
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object obj = parser.readObject();
            if (obj == null) {
                throw new KeyLoadingException("no PEM object in " + source);
            }
            return obj;
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyLoadingException k) {
                throw k;
            }
            throw new KeyLoadingException("malformed PEM in " + source + ": " + e.getMessage(), e);
        }
    }

    /** PKCS#8 {@code PRIVATE KEY} for private keys, SPKI {@code PUBLIC KEY} for public keys. */
    public static String toPem(Key key) {
        String type;
        if (key instanceof PrivateKey) {
            type = "PRIVATE KEY";
        } else if (key instanceof PublicKey) {
            type = "PUBLIC KEY";
        } else {
            throw new KeyLoadingException("only private and public keys can be written as PEM");
        }
        byte[] der = key.getEncoded();
        if (der == null) {
            throw new KeyLoadingException("key " + key.getAlgorithm() + " has no standard encoding");
        }
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /**
     * Writes a key as PEM ({@link #toPem}): a private key readable and writable by its owner only (created so, with
     * no moment at which others could read it, then moved into place), a public key readable by all. On a file system
     * without POSIX permissions the file gets that system's defaults.
     */
    public static void write(Path file, Key key) throws IOException {
        byte[] pem = toPem(key).getBytes(StandardCharsets.US_ASCII);
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temporary = posix
                ? Files.createTempFile(directory, ".pem-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, ".pem-", ".tmp");
        try {
            if (posix && !(key instanceof PrivateKey)) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--")); // no umask
            }
            Files.write(temporary, pem);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A new key pair: SM2 on {@code sm2p256v1}, ECDSA on P-256, or Ed25519. */
    public static KeyPair generate(SignatureAlgorithm alg) {
        try {
            KeyPairGenerator g;
            switch (alg) {
                case SM2_SM3 -> {
                    g = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
                    g.initialize(new ECGenParameterSpec("sm2p256v1"));
                }
                case ECDSA_P256_SHA256 -> {
                    g = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                }
                default -> g = KeyPairGenerator.getInstance("Ed25519", BouncyCastle.PROVIDER);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new KeyLoadingException("cannot generate a " + alg.token() + " key pair: " + e.getMessage(), e);
        }
    }

    /** The algorithm a public key is for (sm2p256v1 curve: SM2, P-256: ECDSA, Ed25519). */
    public static SignatureAlgorithm algorithmOf(PublicKey key) {
        return detectAlgorithm(key).orElseThrow(() -> new KeyLoadingException(
                "unsupported key: " + (key == null ? "null" : key.getAlgorithm())
                        + "; expected SM2 (sm2p256v1), EC P-256 or Ed25519"));
    }

    /** The algorithm a public or private key is for, from its standard encoding; empty when unsupported. */
    public static Optional<SignatureAlgorithm> detectAlgorithm(Key key) {
        if (key == null || key.getEncoded() == null) {
            return Optional.empty();
        }
        try {
            AlgorithmIdentifier algId;
            if (key instanceof PrivateKey) {
                algId = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm();
            } else if (key instanceof PublicKey) {
                algId = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
            } else {
                return Optional.empty();
            }
            ASN1ObjectIdentifier oid = algId.getAlgorithm();
            if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
                return Optional.of(SignatureAlgorithm.ED25519);
            }
            if (GMObjectIdentifiers.sm2p256v1.equals(oid)) {
                return Optional.of(SignatureAlgorithm.SM2_SM3);
            }
            if (!X9ObjectIdentifiers.id_ecPublicKey.equals(oid) || algId.getParameters() == null) {
                return Optional.empty();
            }
            X962Parameters params = X962Parameters.getInstance(algId.getParameters());
            if (params.isNamedCurve()) {
                ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(params.getParameters());
                if (GMObjectIdentifiers.sm2p256v1.equals(curve)) {
                    return Optional.of(SignatureAlgorithm.SM2_SM3);
                }
                if (SECObjectIdentifiers.secp256r1.equals(curve)) {
                    return Optional.of(SignatureAlgorithm.ECDSA_P256_SHA256);
                }
                return Optional.empty();
            }
            if (params.isImplicitlyCA()) {
                return Optional.empty();
            }
            BigInteger order = X9ECParameters.getInstance(ASN1Primitive.fromByteArray(
                    params.getParameters().toASN1Primitive().getEncoded())).getN();
            if (SM2_ORDER.equals(order)) {
                return Optional.of(SignatureAlgorithm.SM2_SM3);
            }
            if (P256_ORDER.equals(order)) {
                return Optional.of(SignatureAlgorithm.ECDSA_P256_SHA256);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
