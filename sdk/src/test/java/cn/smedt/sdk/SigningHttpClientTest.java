package cn.smedt.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.sdk.loans.LoansApi;
import cn.smedt.sdk.loans.model.LoanSubmission;
import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import cn.smedt.security.signature.Verifiers;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's requests as the hub receives them (a stub in its place): the body's Content-Digest computed by the SDK,
 * signed under sig1 over method, target URI, digest and content type with the partner's key; an unsigned answer
 * rejected. The hub's signed answers are checked against a real node in the hub's PartnerSdkIT.
 */
class SigningHttpClientTest {

    private static final KeyPair PARTNER = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
    private static final KeyPair HUB = PemKeys.generate(SignatureAlgorithm.SM2_SM3);

    private WireMockServer hub;

    @BeforeEach
    void start() {
        hub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        hub.start();
        hub.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"loanId\":\"LN1\",\"status\":\"RECEIVED\"}")));
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    @Test
    void aWriteIsSignedWithTheDigestOfItsBodyAndAnUnsignedAnswerIsRejected() throws Exception {
        LoansApi loans = HubSdk.builder().baseUri(URI.create(hub.baseUrl()))
                .signer(Signers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPrivate(), "bank-1"))
                .hubKeys(HubKeys.of(HUB.getPublic())).build().api(LoansApi::new);
        LoanSubmission loan = new LoanSubmission().bankLoanId("B-1").uscc("91410181MA9G5KQ3XB")
                .product("DIGITAL_LOAN").principal("1000000.00").startDate(LocalDate.of(2025, 3, 1))
                .maturityDate(LocalDate.of(2027, 3, 1)).contractRate("3.9500").purpose("数字化改造");

        assertThatThrownBy(() -> loans.submitLoan("key-00000001", loan))
                .isInstanceOfSatisfying(UnverifiedAnswerException.class, e -> {
                    assertThat(e.code()).isEqualTo("signature-missing");
                    assertThat(e.status()).isEqualTo(202);
                });

        LoggedRequest sent = hub.getAllServeEvents().get(0).getRequest();
        assertThat(sent.getHeader("Idempotency-Key")).isEqualTo("key-00000001");
        assertThat(sent.getHeader("Content-Digest")).isEqualTo(ContentDigest.header(DigestAlgorithm.SM3, sent.getBody()));
        assertThat(new String(sent.getBody(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"purpose\":\"数字化改造\"");
        HttpMessageSignatures.ParsedSignature signature = HttpMessageSignatures.parse(
                sent.getHeader("Signature-Input"), sent.getHeader("Signature"), "sig1");
        assertThat(signature.params().keyId()).isEqualTo("bank-1");
        assertThat(signature.params().alg()).isEqualTo("sm2-sm3");
        assertThat(sent.getHeader("Signature-Input"))
                .startsWith("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"content-type\")");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : List.of("Content-Type", "Content-Digest", "Signature-Input", "Signature")) {
            headers.put(name, List.of(sent.getHeader(name)));
        }
        HttpMessageSignatures.verify(signature, HttpMessage.request("POST", URI.create(hub.baseUrl() + "/api/v1/loans"),
                headers), null, Verifiers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPublic()));
    }

    @Test
    void aReadIsSignedWithoutABody() {
        LoansApi loans = HubSdk.builder().baseUri(URI.create(hub.baseUrl() + "/"))
                .signer(Signers.create(SignatureAlgorithm.SM2_SM3, PARTNER.getPrivate(), "bank-1"))
                .hubKeys(HubKeys.of("hub-1", HUB.getPublic())).build().api(LoansApi::new);

        assertThatThrownBy(() -> loans.getLoan("LN1")).isInstanceOf(UnverifiedAnswerException.class);

        LoggedRequest sent = hub.getAllServeEvents().get(0).getRequest();
        assertThat(sent.getUrl()).isEqualTo("/api/v1/loans/LN1");
        assertThat(sent.getBody()).isEmpty();
        assertThat(sent.getHeader("Content-Digest")).isEqualTo(ContentDigest.header(DigestAlgorithm.SM3, new byte[0]));
        assertThat(sent.getHeader("Signature-Input")).startsWith("sig1=(\"@method\" \"@target-uri\" \"content-digest\")");
    }
}
