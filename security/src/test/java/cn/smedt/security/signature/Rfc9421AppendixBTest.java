package cn.smedt.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.security.keys.PemKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9421 Appendix B.2 examples, byte for byte. */
class Rfc9421AppendixBTest {

    private static final String B26_SIGNATURE =
            "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";
    private static final String B24_SIGNATURE =
            "wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==";

    private static String base(String signatureInput, String label, HttpMessage msg) throws SignatureCheckException {
        SignatureParameters p = SignatureParameters.parseSignatureInput(signatureInput).get(label);
        return new String(SignatureBase.build(p, msg, null), StandardCharsets.US_ASCII);
    }

    @Test
    void b21MinimalSignature() throws Exception {
        assertThat(base("sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"",
                "sig-b21", Rfc9421Vectors.testRequest()))
                .isEqualTo("\"@signature-params\": ();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"");
    }

    @Test
    void b22SelectiveCoverage() throws Exception {
        assertThat(base("sig-b22=(\"@authority\" \"content-digest\" \"@query-param\";name=\"Pet\")"
                + ";created=1618884473;keyid=\"test-key-rsa-pss\";tag=\"header-example\"", "sig-b22", Rfc9421Vectors.testRequest()))
                .isEqualTo(String.join("\n",
                        "\"@authority\": example.com",
                        "\"content-digest\": " + Rfc9421Vectors.REQUEST_DIGEST,
                        "\"@query-param\";name=\"Pet\": dog",
                        "\"@signature-params\": (\"@authority\" \"content-digest\" \"@query-param\";name=\"Pet\")"
                                + ";created=1618884473;keyid=\"test-key-rsa-pss\";tag=\"header-example\""));
    }

    @Test
    void b23FullCoverage() throws Exception {
        assertThat(base("sig-b23=(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\""
                + " \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"", "sig-b23", Rfc9421Vectors.testRequest()))
                .isEqualTo(String.join("\n",
                        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT",
                        "\"@method\": POST",
                        "\"@path\": /foo",
                        "\"@query\": ?param=Value&Pet=dog",
                        "\"@authority\": example.com",
                        "\"content-type\": application/json",
                        "\"content-digest\": " + Rfc9421Vectors.REQUEST_DIGEST,
                        "\"content-length\": 18",
                        "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\""
                                + " \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\""));
    }

    private static final String B24_INPUT = "sig-b24=(\"@status\" \"content-type\" \"content-digest\" \"content-length\")"
            + ";created=1618884473;keyid=\"test-key-ecc-p256\"";

    @Test
    void b24ResponseBaseAndEcdsaSignatureVerifies() throws Exception {
        String expected = String.join("\n",
                "\"@status\": 200",
                "\"content-type\": application/json",
                "\"content-digest\": " + Rfc9421Vectors.RESPONSE_DIGEST,
                "\"content-length\": 23",
                "\"@signature-params\": (\"@status\" \"content-type\" \"content-digest\" \"content-length\")"
                        + ";created=1618884473;keyid=\"test-key-ecc-p256\"");
        assertThat(base(B24_INPUT, "sig-b24", Rfc9421Vectors.testResponse())).isEqualTo(expected);

        MessageVerifier verifier = Verifiers.create(SignatureAlgorithm.ECDSA_P256_SHA256,
                PemKeys.readPublicKey(Rfc9421Vectors.ECC_P256_PUBLIC));
        HttpMessageSignatures.ParsedSignature sig = HttpMessageSignatures.parse(B24_INPUT,
                "sig-b24=:" + B24_SIGNATURE + ":", null);
        assertThat(sig.label()).isEqualTo("sig-b24");
        assertThat(sig.signature()).hasSize(64);
        HttpMessageSignatures.verify(sig, Rfc9421Vectors.testResponse(), null, verifier);

        byte[] tampered = expected.replace("200", "201").getBytes(StandardCharsets.US_ASCII);
        assertThat(verifier.verify(tampered, sig.signature())).isFalse();
        HttpMessage otherResponse = HttpMessage.response(201, java.util.Map.of(
                "Content-Type", List.of("application/json"),
                "Content-Digest", List.of(Rfc9421Vectors.RESPONSE_DIGEST), "Content-Length", List.of("23")));
        assertThatThrownBy(() -> HttpMessageSignatures.verify(sig, otherResponse, null, verifier))
                .isInstanceOfSatisfying(SignatureCheckException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.SIGNATURE_INVALID));
    }

    @Test
    void b24OurOwnEcdsaSignaturesAreRawAndVerify() throws Exception {
        MessageSigner signer = Signers.create(SignatureAlgorithm.ECDSA_P256_SHA256,
                PemKeys.readPrivateKey(Rfc9421Vectors.ECC_P256_PRIVATE), "test-key-ecc-p256");
        byte[] base = base(B24_INPUT, "sig-b24", Rfc9421Vectors.testResponse()).getBytes(StandardCharsets.US_ASCII);
        byte[] sig = signer.sign(base);
        assertThat(sig).hasSize(64);
        MessageVerifier verifier = Verifiers.create(SignatureAlgorithm.ECDSA_P256_SHA256,
                PemKeys.readPublicKey(Rfc9421Vectors.ECC_P256_PUBLIC));
        assertThat(verifier.verify(base, sig)).isTrue();
        assertThat(verifier.verify(base, java.util.Arrays.copyOf(sig, 63))).isFalse();
        assertThat(verifier.verify(base, new byte[64])).isFalse();
    }

    @Test
    void b25HmacBase() throws Exception {
        assertThat(base("sig-b25=(\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"",
                "sig-b25", Rfc9421Vectors.testRequest()))
                .isEqualTo(String.join("\n",
                        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT",
                        "\"@authority\": example.com",
                        "\"content-type\": application/json",
                        "\"@signature-params\": (\"date\" \"@authority\" \"content-type\");created=1618884473"
                                + ";keyid=\"test-shared-secret\""));
    }

    @Test
    void b26Ed25519SignatureReproducedExactly() throws Exception {
        SignatureParameters params = SignatureParameters.builder()
                .components(List.of(ComponentId.of("date"), ComponentId.of("@method"), ComponentId.of("@path"),
                        ComponentId.of("@authority"), ComponentId.of("content-type"), ComponentId.of("content-length")))
                .created(1618884473L)
                .keyId("test-key-ed25519")
                .build();
        String expectedBase = String.join("\n",
                "\"date\": Tue, 20 Apr 2021 02:07:55 GMT",
                "\"@method\": POST",
                "\"@path\": /foo",
                "\"@authority\": example.com",
                "\"content-type\": application/json",
                "\"content-length\": 18",
                "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\")"
                        + ";created=1618884473;keyid=\"test-key-ed25519\"");
        assertThat(new String(SignatureBase.build(params, Rfc9421Vectors.testRequest(), null), StandardCharsets.US_ASCII))
                .isEqualTo(expectedBase);

        MessageSigner signer = Signers.create(SignatureAlgorithm.ED25519,
                PemKeys.readPrivateKey(Rfc9421Vectors.ED25519_PRIVATE), "test-key-ed25519");
        HttpMessageSignatures.SignedHeaders headers = HttpMessageSignatures.sign(Rfc9421Vectors.testRequest(), null,
                "sig-b26", params, signer);
        assertThat(headers.signatureInput()).isEqualTo("sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\""
                + " \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"");
        assertThat(headers.signature()).isEqualTo("sig-b26=:" + B26_SIGNATURE + ":");

        MessageVerifier verifier = Verifiers.create(SignatureAlgorithm.ED25519,
                PemKeys.readPublicKey(Rfc9421Vectors.ED25519_PUBLIC));
        HttpMessageSignatures.verify(HttpMessageSignatures.parse(headers.signatureInput(), headers.signature(), "sig-b26"),
                Rfc9421Vectors.testRequest(), null, verifier);
        assertThat(verifier.verify(expectedBase.getBytes(StandardCharsets.US_ASCII), Base64.getDecoder().decode(B26_SIGNATURE)))
                .isTrue();
    }

    @Test
    void derivedComponentsOfTheTestRequest() throws Exception {
        assertThat(base("s=(\"@target-uri\" \"@scheme\" \"@request-target\")", "s", Rfc9421Vectors.testRequest()))
                .isEqualTo(String.join("\n",
                        "\"@target-uri\": https://example.com/foo?param=Value&Pet=dog",
                        "\"@scheme\": https",
                        "\"@request-target\": /foo?param=Value&Pet=dog",
                        "\"@signature-params\": (\"@target-uri\" \"@scheme\" \"@request-target\")"));
    }
}
