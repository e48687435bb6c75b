package cn.smedt.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.keys.PemKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class HttpMessageSignaturesTest {

    private static final KeyPair PARTNER = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
    private static final KeyPair HUB = PemKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    private static final byte[] BODY = "{\"amount\":\"100.00\"}".getBytes(StandardCharsets.UTF_8);

    private static void assertFailure(ThrowingCallable call, Failure expected) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SignatureCheckException.class,
                e -> assertThat(e.failure()).as(e.getMessage()).isEqualTo(expected));
    }

    private static Map<String, List<String>> requestHeaders() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/json"));
        h.put("Content-Digest", List.of(ContentDigest.header(DigestAlgorithm.SM3, BODY)));
        return h;
    }

    private static SignatureParameters requestParams() {
        return SignatureParameters.builder()
                .components(List.of(ComponentId.of("@method"), ComponentId.of("@target-uri"),
                        ComponentId.of("content-digest"), ComponentId.of("content-type")))
                .created(1700000000L).nonce("n-1").keyId("partner-1").alg("sm2-sm3").build();
    }

    /** A request signed by the partner, with its Signature-Input and Signature headers. */
    private static HttpMessage signedRequest() throws SignatureCheckException {
        Map<String, List<String>> h = requestHeaders();
        URI uri = URI.create("https://hub.example.cn:8443/api/loans?x=1");
        HttpMessageSignatures.SignedHeaders s = HttpMessageSignatures.sign(HttpMessage.request("POST", uri, h), null,
                "sig1", requestParams(), Signers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPrivate(), "partner-1"));
        h.put("Signature-Input", List.of(s.signatureInput()));
        h.put("Signature", List.of(s.signature()));
        return HttpMessage.request("POST", uri, h);
    }

    @Test
    void serializesComponentsAndParameters() {
        assertThat(ComponentId.of("@method").serialize()).isEqualTo("\"@method\"");
        assertThat(ComponentId.req("content-digest").serialize()).isEqualTo("\"content-digest\";req");
        assertThat(ComponentId.signatureOfRequest("sig1").serialize()).isEqualTo("\"signature\";req;key=\"sig1\"");
        assertThat(requestParams().serialize()).isEqualTo("(\"@method\" \"@target-uri\" \"content-digest\" \"content-type\")"
                + ";created=1700000000;nonce=\"n-1\";keyid=\"partner-1\";alg=\"sm2-sm3\"");
        SignatureParameters p = SignatureParameters.builder().keyId("k").created(5).build();
        assertThat(p.serialize()).isEqualTo("();keyid=\"k\";created=5");
        assertThat(p.created()).isEqualTo(5L);
        assertThat(p.expires()).isNull();
    }

    @Test
    void requestSignatureVerifiesAndParsedParamsKeepTheSentText() throws Exception {
        HttpMessage req = signedRequest();
        assertThat(req.header("signature-input")).startsWith("sig1=(\"@method\"");
        String odd = req.header("signature-input").replace("(\"@method\" ", "(\"@method\"  ");
        HttpMessageSignatures.ParsedSignature sig = HttpMessageSignatures.parse(req.header("Signature-Input"),
                req.header("Signature"), null);
        assertThat(sig.params().keyId()).isEqualTo("partner-1");
        assertThat(sig.params().nonce()).isEqualTo("n-1");
        assertThat(sig.params().created()).isEqualTo(1700000000L);
        assertThat(sig.params().alg()).isEqualTo("sm2-sm3");
        HttpMessageSignatures.verify(sig, req, null, Verifiers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPublic()));

        // the @signature-params line is the text that was sent: extra spaces make it another (invalid) base
        HttpMessageSignatures.ParsedSignature oddSig = HttpMessageSignatures.parse(odd, req.header("Signature"), "sig1");
        assertThat(oddSig.params().serialize()).contains("\"@method\"  \"@target-uri\"");
        assertFailure(() -> HttpMessageSignatures.verify(oddSig, req, null,
                Verifiers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPublic())), Failure.SIGNATURE_INVALID);
    }

    @Test
    void tamperedRequestOrWrongKeyIsInvalid() throws Exception {
        HttpMessage req = signedRequest();
        HttpMessageSignatures.ParsedSignature sig = HttpMessageSignatures.parse(req.header("Signature-Input"),
                req.header("Signature"), "sig1");
        HttpMessage otherMethod = HttpMessage.request("PUT", req.targetUri(), headersOf(req));
        MessageVerifier verifier = Verifiers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPublic());
        assertFailure(() -> HttpMessageSignatures.verify(sig, otherMethod, null, verifier), Failure.SIGNATURE_INVALID);
        MessageVerifier other = Verifiers.create(SignatureAlgorithm.SM2_SM3,
                PemKeys.generate(SignatureAlgorithm.SM2_SM3).getPublic());
        assertFailure(() -> HttpMessageSignatures.verify(sig, req, null, other), Failure.SIGNATURE_INVALID);
        MessageVerifier ecdsa = Verifiers.create(SignatureAlgorithm.ECDSA_P256_SHA256, HUB.getPublic());
        assertFailure(() -> HttpMessageSignatures.verify(sig, req, null, ecdsa), Failure.ALGORITHM_MISMATCH);
    }

    @Test
    void responseBoundToTheRequestSignature() throws Exception {
        HttpMessage req = signedRequest();
        byte[] answer = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> rh = new LinkedHashMap<>();
        rh.put("Content-Type", List.of("application/json"));
        rh.put("Content-Digest", List.of(ContentDigest.header(DigestAlgorithm.SHA_256, answer)));
        HttpMessage resp = HttpMessage.response(201, rh);
        SignatureParameters params = SignatureParameters.builder()
                .components(List.of(ComponentId.of("@status"), ComponentId.of("content-type"),
                        ComponentId.of("content-digest"), ComponentId.signatureOfRequest("sig1"),
                        ComponentId.req("@method"), ComponentId.req("@authority")))
                .created(1700000001L).keyId("hub").alg("ecdsa-p256-sha256").build();
        MessageSigner hubSigner = Signers.create(SignatureAlgorithm.ECDSA_P256_SHA256, HUB.getPrivate(), "hub");
        HttpMessageSignatures.SignedHeaders s = HttpMessageSignatures.sign(resp, req, "sig1", params, hubSigner);

        String base = new String(SignatureBase.build(params, resp, req), StandardCharsets.US_ASCII);
        String requestSig = req.header("signature").substring("sig1=".length());
        assertThat(base).isEqualTo(String.join("\n",
                "\"@status\": 201",
                "\"content-type\": application/json",
                "\"content-digest\": " + ContentDigest.header(DigestAlgorithm.SHA_256, answer),
                "\"signature\";req;key=\"sig1\": " + requestSig,
                "\"@method\";req: POST",
                "\"@authority\";req: hub.example.cn:8443",
                "\"@signature-params\": " + params.serialize()));

        HttpMessageSignatures.ParsedSignature parsed = HttpMessageSignatures.parse(s.signatureInput(), s.signature(), "sig1");
        MessageVerifier hub = Verifiers.create(SignatureAlgorithm.ECDSA_P256_SHA256, HUB.getPublic());
        HttpMessageSignatures.verify(parsed, resp, req, hub);

        // the same answer does not verify against another request
        HttpMessage otherRequest = signedRequest();
        assertThat(otherRequest.header("signature")).isNotEqualTo(req.header("signature"));
        assertFailure(() -> HttpMessageSignatures.verify(parsed, resp, otherRequest, hub), Failure.SIGNATURE_INVALID);
        assertFailure(() -> HttpMessageSignatures.verify(parsed, resp, null, hub), Failure.COMPONENT_MISSING);
        HttpMessage unsignedRequest = HttpMessage.request("POST", req.targetUri(), requestHeaders());
        assertFailure(() -> HttpMessageSignatures.verify(parsed, resp, unsignedRequest, hub), Failure.COMPONENT_MISSING);
    }

    @Test
    void parseFailureCodes() {
        String in = "sig1=(\"@method\");created=1";
        String sig = "sig1=:AAAA:";
        assertFailure(() -> HttpMessageSignatures.parse(null, sig, null), Failure.SIGNATURE_MISSING);
        assertFailure(() -> HttpMessageSignatures.parse(in, " ", null), Failure.SIGNATURE_MISSING);
        assertFailure(() -> HttpMessageSignatures.parse(in, sig, "sig2"), Failure.SIGNATURE_MISSING);
        assertFailure(() -> HttpMessageSignatures.parse("sig1=(\"@method\"", sig, null), Failure.SIGNATURE_MALFORMED);
        assertFailure(() -> HttpMessageSignatures.parse(in, "sig1=:AA AA:", null), Failure.SIGNATURE_MALFORMED);
        assertFailure(() -> HttpMessageSignatures.parse(in, "sig2=:AAAA:", null), Failure.SIGNATURE_MALFORMED);
        assertFailure(() -> HttpMessageSignatures.parse(in + ", sig2=(\"@path\")", sig, "sig2"), Failure.SIGNATURE_MALFORMED);
        assertFailure(() -> HttpMessageSignatures.parse("sig1=\"@method\"", sig, null), Failure.SIGNATURE_MALFORMED);
        assertFailure(() -> HttpMessageSignatures.parse(in, "sig1=\"AAAA\"", null), Failure.SIGNATURE_MALFORMED);
        assertFailure(() -> HttpMessageSignatures.parse("sig1=(@method)", sig, null), Failure.SIGNATURE_MALFORMED);
        assertFailure(() -> HttpMessageSignatures.parse("sig1=(\"@method\");created=\"x\"", sig, null),
                Failure.SIGNATURE_MALFORMED);
    }

    @Test
    void verifyFailureCodes() throws Exception {
        HttpMessage req = signedRequest();
        MessageVerifier v = Verifiers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPublic());
        HttpMessageSignatures.ParsedSignature unknownAlg = HttpMessageSignatures.parse(
                "sig1=(\"@method\");alg=\"rsa-pss-sha512\"", "sig1=:AAAA:", null);
        assertFailure(() -> HttpMessageSignatures.verify(unknownAlg, req, null, v), Failure.ALGORITHM_UNSUPPORTED);
        HttpMessageSignatures.ParsedSignature missingHeader = HttpMessageSignatures.parse(
                "sig1=(\"@method\" \"idempotency-key\")", "sig1=:AAAA:", null);
        assertFailure(() -> HttpMessageSignatures.verify(missingHeader, req, null, v), Failure.COMPONENT_MISSING);
        HttpMessageSignatures.ParsedSignature statusOnRequest = HttpMessageSignatures.parse(
                "sig1=(\"@status\")", "sig1=:AAAA:", null);
        assertFailure(() -> HttpMessageSignatures.verify(statusOnRequest, req, null, v), Failure.COMPONENT_MISSING);
        HttpMessageSignatures.ParsedSignature twice = HttpMessageSignatures.parse(
                "sig1=(\"@method\" \"@method\")", "sig1=:AAAA:", null);
        assertFailure(() -> HttpMessageSignatures.verify(twice, req, null, v), Failure.SIGNATURE_MALFORMED);
        HttpMessageSignatures.ParsedSignature garbage = HttpMessageSignatures.parse(
                "sig1=(\"@method\")", "sig1=:AAAA:", null);
        assertFailure(() -> HttpMessageSignatures.verify(garbage, req, null, v), Failure.SIGNATURE_INVALID);
    }

    @Test
    void signRefusesAnAlgParameterOtherThanTheSigners() {
        SignatureParameters p = requestParams().toBuilder().alg("ed25519").build();
        MessageSigner signer = Signers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPrivate(), "partner-1");
        assertFailure(() -> HttpMessageSignatures.sign(HttpMessage.request("POST", URI.create("https://h/"),
                requestHeaders()), null, "sig1", p, signer), Failure.ALGORITHM_MISMATCH);
    }

    @Test
    void headerFieldsAreCombinedTrimmedAndCaseInsensitive() throws Exception {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("X-Multi", List.of("  a ", "b  "));
        h.put("x-MULTI", List.of("c"));
        h.put("X-Empty", List.of(""));
        HttpMessage m = HttpMessage.request("GET", URI.create("http://Example.COM:80/p?q=%20x"), h);
        SignatureParameters p = SignatureParameters.builder().components(List.of(ComponentId.of("x-multi"),
                ComponentId.of("x-empty"), ComponentId.of("@authority"), ComponentId.of("@query"))).build();
        assertThat(new String(SignatureBase.build(p, m, null), StandardCharsets.US_ASCII)).isEqualTo(String.join("\n",
                "\"x-multi\": a, b, c",
                "\"x-empty\": ",
                "\"@authority\": example.com",
                "\"@query\": ?q=%20x",
                "\"@signature-params\": (\"x-multi\" \"x-empty\" \"@authority\" \"@query\")"));
    }

    private static Map<String, List<String>> headersOf(HttpMessage m) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (String name : List.of("content-type", "content-digest", "signature-input", "signature")) {
            h.put(name, m.headerValues(name));
        }
        return h;
    }
}
