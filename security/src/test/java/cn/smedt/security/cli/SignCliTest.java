package cn.smedt.security.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.ComponentId;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.SignatureParameters;
import cn.smedt.security.signature.Signers;
import cn.smedt.security.signature.Verifiers;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignCliTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(InputStream in, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SignCli.run(new PrintWriter(out), new PrintWriter(err), in, args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sm2-sm3", "ecdsa-p256-sha256", "ed25519"})
    void keygenThenSignHeadersThatVerify(String alg) throws Exception {
        Path priv = dir.resolve("p.pem");
        Path pub = dir.resolve("q.pem");
        Result keygen = run(InputStream.nullInputStream(), "keygen", "--alg", alg, "--out-private", priv.toString(),
                "--out-public", pub.toString());
        assertThat(keygen.code()).as(keygen.err()).isZero();
        assertThat(PemKeys.algorithmOf(PemKeys.readPublicKey(pub)).token()).isEqualTo(alg);

        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Path bodyFile = Files.write(dir.resolve("body.json"), body);
        String url = "https://hub.example.cn/api/v1/loans?x=1";
        Result sign = run(InputStream.nullInputStream(), "sign", "--key", priv.toString(), "--keyid", "partner-1",
                "--digest", "sm3", "--method", "POST", "--url", url, "--content-type", "application/json",
                "--body", bodyFile.toString(), "--headers-only");
        assertThat(sign.code()).as(sign.err()).isZero();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : sign.out().strip().split("\n")) {
            int colon = line.indexOf(": ");
            headers.put(line.substring(0, colon), List.of(line.substring(colon + 2)));
        }
        assertThat(headers).containsOnlyKeys("Content-Type", "Content-Digest", "Signature-Input", "Signature");
        HttpMessage request = HttpMessage.request("POST", URI.create(url), headers);
        ContentDigest.verify(request.header("content-digest"), body);
        HttpMessageSignatures.ParsedSignature sig = HttpMessageSignatures.parse(request.header("signature-input"),
                request.header("signature"), "sig1");
        assertThat(sig.params().alg()).isEqualTo(alg);
        assertThat(sig.params().keyId()).isEqualTo("partner-1");
        HttpMessageSignatures.verify(sig, request, null,
                Verifiers.create(SignatureAlgorithm.fromToken(alg).orElseThrow(), PemKeys.readPublicKey(pub)));
    }

    /**
     * The answer check a partner runs with curl's saved files: the request's headers as {@code sign --headers-only}
     * printed them, the answer's headers ({@code curl -D}) and body ({@code curl -o}), the hub's public key. An
     * altered body, another request's signature or another key is refused with exit code 1.
     */
    @Test
    void verifiesTheHubsAnswerToTheSignedRequestAndRefusesAnAlteredOne() throws Exception {
        Path partnerKey = dir.resolve("partner.pem");
        assertThat(run(InputStream.nullInputStream(), "keygen", "--out-private", partnerKey.toString(),
                "--out-public", dir.resolve("partner.pub.pem").toString()).code()).isZero();
        KeyPair hub = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
        Path hubPub = dir.resolve("hub.pub.pem");
        PemKeys.write(hubPub, hub.getPublic());
        Path bodyFile = Files.writeString(dir.resolve("body.json"), "{\"a\":1}");
        Path requestFile = dir.resolve("request.txt");
        Result sign = run(InputStream.nullInputStream(), "sign", "--key", partnerKey.toString(), "--keyid", "p-1",
                "--url", "http://127.0.0.1:8080/api/v1/loans", "--content-type", "application/json", "--body",
                bodyFile.toString(), "-H", "Idempotency-Key: verify-test-1", "--headers-only");
        Files.writeString(requestFile, sign.out());
        Map<String, List<String>> requestHeaders = SignCli.Verify.headerLines(sign.out().lines().toList());
        HttpMessage request = HttpMessage.request("POST", URI.create("http://127.0.0.1:8080/api/v1/loans"),
                requestHeaders);

        byte[] answer = "{\"loanId\":\"L-1\"}".getBytes(StandardCharsets.UTF_8);
        Path answerHeaders = dir.resolve("answer.headers");
        Files.writeString(answerHeaders, "HTTP/1.1 100 Continue\r\n\r\n" + hubAnswer(hub, request, 202, answer));
        Path answerBody = Files.write(dir.resolve("answer.json"), answer);

        Result verified = run(InputStream.nullInputStream(), "verify", "--hub-key", hubPub.toString(),
                "--request-headers", requestFile.toString(), "--response-headers", answerHeaders.toString(),
                "--response-body", answerBody.toString());
        assertThat(verified.code()).as(verified.err()).isZero();
        assertThat(verified.out()).startsWith("verified: the hub answered 202 to this request");

        Files.writeString(answerBody, "{\"loanId\":\"L-2\"}");
        Result altered = run(InputStream.nullInputStream(), "verify", "--hub-key", hubPub.toString(),
                "--request-headers", requestFile.toString(), "--response-headers", answerHeaders.toString(),
                "--response-body", answerBody.toString());
        assertThat(altered.code()).isEqualTo(1);
        assertThat(altered.err()).contains("NOT verified: digest-mismatch");

        Files.write(answerBody, answer);
        Path otherRequest = dir.resolve("other-request.txt");
        Files.writeString(otherRequest, run(InputStream.nullInputStream(), "sign", "--key", partnerKey.toString(),
                "--keyid", "p-1", "--url", "http://127.0.0.1:8080/api/v1/loans", "--content-type",
                "application/json", "--body", bodyFile.toString(), "--headers-only").out());
        Result otherCall = run(InputStream.nullInputStream(), "verify", "--hub-key", hubPub.toString(),
                "--request-headers", otherRequest.toString(), "--response-headers", answerHeaders.toString(),
                "--response-body", answerBody.toString());
        assertThat(otherCall.code()).as("the answer to another request").isEqualTo(1);
        assertThat(otherCall.err()).contains("NOT verified: signature-invalid");
    }

    /** The status line and headers of an answer signed the way the hub signs (label sig1, bound to the request). */
    private static String hubAnswer(KeyPair hub, HttpMessage request, int status, byte[] body) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Content-Digest", List.of(ContentDigest.header(DigestAlgorithm.SM3, body)));
        SignatureParameters params = SignatureParameters.builder()
                .components(List.of(ComponentId.of("@status"), ComponentId.of("content-digest"),
                        ComponentId.of("content-type"), ComponentId.signatureOfRequest("sig1")))
                .created(1_700_000_000L).keyId("hub-1").alg("sm2-sm3").build();
        HttpMessageSignatures.SignedHeaders signed = HttpMessageSignatures.sign(HttpMessage.response(status, headers),
                request, "sig1", params, Signers.create(SignatureAlgorithm.SM2_SM3, hub.getPrivate(), "hub-1"));
        return "HTTP/1.1 " + status + " \r\nContent-Type: application/json\r\nContent-Digest: "
                + headers.get("Content-Digest").get(0) + "\r\nSignature-Input: " + signed.signatureInput()
                + "\r\nSignature: " + signed.signature() + "\r\n\r\n";
    }

    @Test
    void printsACurlCommandAndReadsTheBodyFromStdin() throws Exception {
        Path priv = dir.resolve("p.pem");
        Files.writeString(priv, PemKeys.toPem(PemKeys.generate(SignatureAlgorithm.SM2_SM3).getPrivate()));
        Result r = run(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), "sign", "--key", priv.toString(),
                "--keyid", "p'1", "--url", "https://hub.example.cn/api", "--content-type", "application/json",
                "--body", "@-", "--created", "1700000000", "--nonce", "n1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("curl -sS -X 'POST'")
                .contains("-H 'Content-Digest: sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:'")
                .contains("-H 'Signature-Input: sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"content-type\")"
                        + ";created=1700000000;nonce=\"n1\";keyid=\"p'\\''1\";alg=\"sm2-sm3\"'")
                .contains("-H 'Signature: sig1=:")
                .contains("--data-binary '@-'")
                .endsWith("'https://hub.example.cn/api'\n");
    }

    @Test
    void errorsGiveNonZeroCodesAndMessages() throws Exception {
        Result missing = run(InputStream.nullInputStream(), "sign", "--key", dir.resolve("none.pem").toString(),
                "--keyid", "k", "--url", "https://h/");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("none.pem");
        Path priv = dir.resolve("p.pem");
        Files.writeString(priv, PemKeys.toPem(PemKeys.generate(SignatureAlgorithm.ED25519).getPrivate()));
        Result wrongAlg = run(InputStream.nullInputStream(), "sign", "--key", priv.toString(), "--keyid", "k",
                "--alg", "sm2-sm3", "--url", "https://h/");
        assertThat(wrongAlg.code()).isEqualTo(2);
        assertThat(wrongAlg.err()).contains("does not fit");
        Result badAlg = run(InputStream.nullInputStream(), "keygen", "--alg", "rsa", "--out-private", "a", "--out-public", "b");
        assertThat(badAlg.code()).isEqualTo(2);
    }
}
