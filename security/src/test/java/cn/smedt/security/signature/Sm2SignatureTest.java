package cn.smedt.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.security.keys.PemKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.junit.jupiter.api.Test;

class Sm2SignatureTest {

    private static final byte[] DATA = "\"@method\": POST\n\"@signature-params\": (\"@method\")".getBytes(StandardCharsets.US_ASCII);

    private final KeyPair keys = PemKeys.generate(SignatureAlgorithm.SM2_SM3);

    @Test
    void signAndVerifyRoundTrip() throws Exception {
        MessageSigner signer = Signers.create(SignatureAlgorithm.SM2_SM3, keys.getPrivate(), "partner-1");
        MessageVerifier verifier = Verifiers.create(SignatureAlgorithm.SM2_SM3, keys.getPublic());
        byte[] sig = signer.sign(DATA);
        assertThat(sig[0]).as("DER SEQUENCE").isEqualTo((byte) 0x30);
        assertThat(verifier.verify(DATA, sig)).isTrue();
        assertThat(verifier.verify(DATA, signer.sign(DATA))).isTrue();
        assertThat(signer.algorithm()).isEqualTo(SignatureAlgorithm.SM2_SM3);
        assertThat(signer.keyId()).isEqualTo("partner-1");
    }

    @Test
    void failsWithAnotherKeyOrTamperedBaseOrGarbage() throws Exception {
        byte[] sig = Signers.create(SignatureAlgorithm.SM2_SM3, keys.getPrivate(), "k").sign(DATA);
        KeyPair other = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
        assertThat(Verifiers.create(SignatureAlgorithm.SM2_SM3, other.getPublic()).verify(DATA, sig)).isFalse();
        MessageVerifier verifier = Verifiers.create(SignatureAlgorithm.SM2_SM3, keys.getPublic());
        byte[] tampered = DATA.clone();
        tampered[3] ^= 1;
        assertThat(verifier.verify(tampered, sig)).isFalse();
        assertThat(verifier.verify(DATA, new byte[] {1, 2, 3})).isFalse();
        assertThat(verifier.verify(DATA, new byte[0])).isFalse();
        assertThat(verifier.verify(DATA, null)).isFalse();
        // after garbage the per-thread engine still works
        assertThat(verifier.verify(DATA, sig)).isTrue();
    }

    @Test
    void differentUserIdDoesNotVerify() throws Exception {
        SM2Signer bc = new SM2Signer();
        bc.init(true, new ParametersWithID(new ParametersWithRandom(privateParams(), new SecureRandom()),
                "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII)));
        bc.update(DATA, 0, DATA.length);
        byte[] sig = bc.generateSignature();
        assertThat(Verifiers.create(SignatureAlgorithm.SM2_SM3, keys.getPublic()).verify(DATA, sig)).isFalse();
    }

    @Test
    void bcSm2SignerWithDefaultIdInteroperates() throws Exception {
        SM2Signer bc = new SM2Signer();
        bc.init(true, new ParametersWithRandom(privateParams(), new SecureRandom()));
        bc.update(DATA, 0, DATA.length);
        byte[] bcSig = bc.generateSignature();
        assertThat(Verifiers.create(SignatureAlgorithm.SM2_SM3, keys.getPublic()).verify(DATA, bcSig)).isTrue();

        byte[] ours = Signers.create(SignatureAlgorithm.SM2_SM3, keys.getPrivate(), "k").sign(DATA);
        SM2Signer check = new SM2Signer();
        check.init(false, ECUtil.generatePublicKeyParameter(keys.getPublic()));
        check.update(DATA, 0, DATA.length);
        assertThat(check.verifySignature(ours)).isTrue();
        assertThat(ECUtil.generatePublicKeyParameter(keys.getPublic())).isInstanceOf(ECPublicKeyParameters.class);
    }

    @Test
    void keyOfTheWrongTypeIsRejected() {
        KeyPair p256 = PemKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        assertThatThrownBy(() -> Verifiers.create(SignatureAlgorithm.SM2_SM3, p256.getPublic()))
                .isInstanceOfSatisfying(SignatureCheckException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.KEY_MALFORMED));
        assertThatThrownBy(() -> Verifiers.create(SignatureAlgorithm.ED25519, keys.getPublic()))
                .isInstanceOfSatisfying(SignatureCheckException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.KEY_MALFORMED));
        assertThatThrownBy(() -> Signers.create(SignatureAlgorithm.ECDSA_P256_SHA256, keys.getPrivate(), "k"))
                .isInstanceOf(SigningException.class);
    }

    private ECPrivateKeyParameters privateParams() throws Exception {
        return (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(keys.getPrivate());
    }
}
