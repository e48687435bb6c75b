package cn.smedt.security.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.security.BouncyCastle;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.Rfc9421Vectors;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import cn.smedt.security.signature.Verifiers;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class PemKeysTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void pemRoundTripThroughFiles(SignatureAlgorithm alg) throws Exception {
        KeyPair kp = PemKeys.generate(alg);
        String privatePem = PemKeys.toPem(kp.getPrivate());
        String publicPem = PemKeys.toPem(kp.getPublic());
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        Path priv = Files.writeString(dir.resolve("p.pem"), privatePem);
        Path pub = Files.writeString(dir.resolve("q.pem"), publicPem);

        PrivateKey readPriv = PemKeys.readPrivateKey(priv);
        PublicKey readPub = PemKeys.readPublicKey(pub);
        assertThat(readPriv.getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
        assertThat(readPub.getEncoded()).isEqualTo(kp.getPublic().getEncoded());
        assertThat(PemKeys.algorithmOf(readPub)).isEqualTo(alg);
        assertThat(PemKeys.detectAlgorithm(readPriv)).contains(alg);

        MessageSigner signer = Signers.create(alg, readPriv, "k");
        byte[] data = "data".getBytes(StandardCharsets.US_ASCII);
        assertThat(Verifiers.create(alg, kp.getPublic()).verify(data, signer.sign(data))).isTrue();
    }

    @Test
    void readsTheRfcTestKeysIncludingSec1() {
        assertThat(PemKeys.algorithmOf(PemKeys.readPublicKey(Rfc9421Vectors.ECC_P256_PUBLIC)))
                .isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
        assertThat(PemKeys.detectAlgorithm(PemKeys.readPrivateKey(Rfc9421Vectors.ECC_P256_PRIVATE)))
                .contains(SignatureAlgorithm.ECDSA_P256_SHA256);
        assertThat(PemKeys.algorithmOf(PemKeys.readPublicKey(Rfc9421Vectors.ED25519_PUBLIC)))
                .isEqualTo(SignatureAlgorithm.ED25519);
    }

    @Test
    void jdkKeysAreAcceptedToo() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("Ed25519");
        KeyPair jdk = g.generateKeyPair();
        assertThat(PemKeys.algorithmOf(jdk.getPublic())).isEqualTo(SignatureAlgorithm.ED25519);
        byte[] data = {1, 2, 3};
        byte[] sig = Signers.create(SignatureAlgorithm.ED25519, jdk.getPrivate(), "k").sign(data);
        assertThat(Verifiers.create(SignatureAlgorithm.ED25519, jdk.getPublic()).verify(data, sig)).isTrue();
    }

    @Test
    void errorsNameTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> PemKeys.readPrivateKey(missing))
                .isInstanceOf(KeyLoadingException.class).hasMessageContaining("missing.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");
        assertThatThrownBy(() -> PemKeys.readPublicKey(garbage))
                .isInstanceOf(KeyLoadingException.class).hasMessageContaining("garbage.pem");
        Path pub = Files.writeString(dir.resolve("pub.pem"), Rfc9421Vectors.ED25519_PUBLIC);
        assertThatThrownBy(() -> PemKeys.readPrivateKey(pub))
                .isInstanceOf(KeyLoadingException.class).hasMessageContaining("pub.pem");
    }

    @Test
    void loadsPkcs12WithSm2Certificate() throws Exception {
        KeyPair kp = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
        X500Name name = new X500Name("CN=partner-1");
        X509Certificate cert = new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER).getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(0), new Date(4102444800000L), name,
                        kp.getPublic()).build(new JcaContentSignerBuilder("SM3withSM2")
                        .setProvider(BouncyCastle.PROVIDER).build(kp.getPrivate())));
        char[] password = "changeit".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
        ks.load(null, null);
        ks.setKeyEntry("partner", kp.getPrivate(), password, new X509Certificate[] {cert});
        Path file = dir.resolve("partner.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
        KeyPair loaded = KeyStores.loadPkcs12(file, password, null);
        assertThat(loaded.getPublic().getEncoded()).isEqualTo(kp.getPublic().getEncoded());
        assertThat(PemKeys.algorithmOf(loaded.getPublic())).isEqualTo(SignatureAlgorithm.SM2_SM3);
        assertThat(KeyStores.loadPkcs12(file, password, "partner").getPrivate().getEncoded())
                .isEqualTo(loaded.getPrivate().getEncoded());
        assertThatThrownBy(() -> KeyStores.loadPkcs12(file, "wrong".toCharArray(), null))
                .isInstanceOf(KeyLoadingException.class).hasMessageContaining("partner.p12");
        assertThatThrownBy(() -> KeyStores.loadPkcs12(file, password, "nobody"))
                .isInstanceOf(KeyLoadingException.class).hasMessageContaining("nobody");
    }

    @Test
    void aWrittenPrivateKeyIsReadableByItsOwnerOnlyAndReadsBack() throws Exception {
        KeyPair pair = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
        Path privateFile = dir.resolve("keys/partner-private.pem");
        Path publicFile = dir.resolve("keys/partner-public.pem");
        Files.writeString(dir.resolve("keys-old.pem"), "x"); // unrelated file: untouched
        PemKeys.write(privateFile, pair.getPrivate());
        PemKeys.write(publicFile, pair.getPublic());

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(publicFile)))
                .isEqualTo("rw-r--r--");
        assertThat(PemKeys.readPrivateKey(privateFile).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(PemKeys.readPublicKey(publicFile)).isEqualTo(pair.getPublic());
        try (var left = Files.list(privateFile.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "partner-private.pem", "partner-public.pem"); // no temporary file left behind
        }

        PemKeys.write(privateFile, PemKeys.generate(SignatureAlgorithm.SM2_SM3).getPrivate()); // replaced
        assertThat(PemKeys.readPrivateKey(privateFile).getEncoded()).isNotEqualTo(pair.getPrivate().getEncoded());
    }
}
