package cn.smedt.hub.gateway;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.TestTls;
import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.sdk.HubKeys;
import cn.smedt.sdk.HubProblemException;
import cn.smedt.sdk.HubSdk;
import cn.smedt.sdk.UnverifiedAnswerException;
import cn.smedt.sdk.enterprises.EnterprisesApi;
import cn.smedt.sdk.enterprises.model.Enterprise;
import cn.smedt.sdk.enterprises.model.EnterpriseRegistration;
import cn.smedt.sdk.loans.LoansApi;
import cn.smedt.sdk.loans.model.InterestPeriodSubmission;
import cn.smedt.sdk.loans.model.LoanAccepted;
import cn.smedt.sdk.loans.model.LoanSubmission;
import cn.smedt.sdk.loans.model.LoanView;
import cn.smedt.sdk.loans.model.PeriodAccepted;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A bank's first calls through the generated partner SDK (sdk module, docs/partner-sdk.md) against a real node: the
 * SDK signs each request (Content-Digest computed by it, not asked of the caller) and verifies each answer with the
 * hub key it reads from /.well-known/hub-keys; a refusal surfaces as a typed problem with its code and pointer; an
 * answer whose body was altered, or that answers another request, is rejected.
 */
@HubIT
class PartnerSdkIT {

    static final String PILOT = "91410181MA9G5KQ3XB";   // 巩义市, pilot

    @LocalServerPort
    int port;

    @Autowired
    HubIdentity hubIdentity;

    private HubSdk sdk(cn.smedt.security.signature.MessageSigner signer) {
        return HubSdk.builder().baseUri(URI.create(HubNode.url(port))).signer(signer)
                .httpClient(TestTls.httpClient()).build();
    }

    @Test
    void aBanksFirstCallsThroughTheSdkAreSignedAndTheirAnswersVerified() throws Exception {
        Enterprise registered = sdk(GOV_ZZ.signer()).api(EnterprisesApi::new).registerEnterprise(
                HubSdk.newIdempotencyKey(), new EnterpriseRegistration().uscc(PILOT).name("SDK 试点企业")
                        .regionCode("410181").industryCode("ZZ-REFRACTORIES")
                        .scale(EnterpriseRegistration.ScaleEnum.ABOVE_DESIGNATED_SIZE).pilot(true));
        assertThat(registered.getUscc()).isEqualTo(PILOT);

        LoansApi loans = sdk(BANK_ZZ.signer()).api(LoansApi::new);
        LoanSubmission loan = new LoanSubmission().bankLoanId("SDK-0001").uscc(PILOT).product("DIGITAL_LOAN")
                .principal("1000000.00").startDate(LocalDate.of(2025, 3, 1)).maturityDate(LocalDate.of(2027, 3, 1))
                .contractRate("3.9500").purpose("数字化改造设备采购");
        String key = HubSdk.newIdempotencyKey();
        LoanAccepted accepted = loans.submitLoan(key, loan);
        assertThat(accepted.getLoanId()).startsWith("LN410181");
        assertThat(accepted.getStatus()).isEqualTo("RECEIVED");
        // the same write again with its key: the stored answer (signed anew for this request)
        assertThat(loans.submitLoan(key, loan).getLoanId()).isEqualTo(accepted.getLoanId());

        PeriodAccepted period = loans.submitInterestPeriod(accepted.getLoanId(), HubSdk.newIdempotencyKey(),
                new InterestPeriodSubmission().periodStart(LocalDate.of(2025, 3, 1))
                        .periodEnd(LocalDate.of(2025, 4, 1)).outstandingPrincipal("1000000.00")
                        .interestPaid("3401.39").paidOn(LocalDate.of(2025, 4, 1)));
        assertThat(period.getPeriodId()).isNotBlank();

        LoanView view = loans.getLoan(accepted.getLoanId());
        assertThat(view.getLoan()).containsEntry("bankLoanId", "SDK-0001").containsEntry("purpose", "数字化改造设备采购");
        assertThat(view.getPeriods()).hasSize(1);
    }

    @Test
    void aRefusalIsATypedProblemWithItsCodeAndPointer() {
        LoansApi loans = sdk(BANK_ZZ.signer()).api(LoansApi::new);
        LoanSubmission yuanWithoutFen = new LoanSubmission().bankLoanId("SDK-BAD").uscc(PILOT)
                .product("DIGITAL_LOAN").principal("1000000").startDate(LocalDate.of(2025, 3, 1))
                .maturityDate(LocalDate.of(2027, 3, 1)).contractRate("3.9500");
        assertThatThrownBy(() -> loans.submitLoan(HubSdk.newIdempotencyKey(), yuanWithoutFen))
                .isInstanceOfSatisfying(HubProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo("validation-failed");
                    assertThat(problem.errors()).anySatisfy(error -> {
                        assertThat(error.pointer()).isEqualTo("/principal");
                        assertThat(error.code()).isEqualTo("field-pattern");
                    });
                });
        assertThatThrownBy(() -> loans.getLoan("LN410181000000000000000000"))
                .isInstanceOfSatisfying(HubProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(404);
                    assertThat(problem.code()).isEqualTo("loan-not-found");
                });
    }

    @Test
    void anAlteredAnswerOrOneToAnotherRequestIsRejected() throws Exception {
        // a real answer of the hub, as a man in the middle would have kept it
        SignedCall.Reply real = SignedCall.get(HubNode.url(port), "/api/v1/loans/LN410181000000000000000001")
                .by(BANK_ZZ.signer()).send();
        String body = new String(real.response().body(), StandardCharsets.UTF_8);
        WireMockServer middle = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        middle.start();
        try {
            LoansApi loans = HubSdk.builder().baseUri(URI.create(middle.baseUrl())).signer(BANK_ZZ.signer())
                    .hubKeys(HubKeys.of(hubIdentity.keyId(), hubIdentity.publicKey())).build().api(LoansApi::new);
            middle.stubFor(get("/api/v1/loans/LN410181000000000000000001").willReturn(answer(real, body)));
            assertThatThrownBy(() -> loans.getLoan("LN410181000000000000000001"))
                    .isInstanceOfSatisfying(UnverifiedAnswerException.class,
                            e -> assertThat(e.code()).isEqualTo("signature-invalid"));

            middle.stubFor(get("/api/v1/loans/LN410181000000000000000001")
                    .willReturn(answer(real, body.replace("loan-not-found", "loan-found"))));
            assertThatThrownBy(() -> loans.getLoan("LN410181000000000000000001"))
                    .isInstanceOfSatisfying(UnverifiedAnswerException.class,
                            e -> assertThat(e.code()).isEqualTo("digest-mismatch"));
        } finally {
            middle.stop();
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer(SignedCall.Reply real,
            String body) {
        var answer = aResponse().withStatus(real.status()).withBody(body);
        for (String name : new String[] {"Content-Type", "Content-Digest", "Signature-Input", "Signature"}) {
            answer = answer.withHeader(name, real.header(name));
        }
        return answer;
    }
}
