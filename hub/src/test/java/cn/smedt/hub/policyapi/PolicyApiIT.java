package cn.smedt.hub.policyapi;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The LPR table is data the operator maintains through the signed admin API: publications are validated, stored,
 * applied, and later decisions use them; partners without lpr:admin are refused. Policies are listed with their
 * id and version.
 */
@HubIT
class PolicyApiIT {

    private static final String PILOT = "91410000170001401D";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    String base;

    @BeforeEach
    void setUp() {
        base = HubNode.url(port);
    }

    private Reply publish(TestPartners.TestPartner partner, String body) throws Exception {
        return SignedCall.post(base, "/api/v1/lpr", body).by(partner.signer()).send();
    }

    @Test
    void theOperatorAddsAPublicationAndLaterDecisionsUseIt() throws Exception {
        JsonNode before = SignedCall.get(base, "/api/v1/lpr").by(BANK_ZZ.signer()).send().json();
        assertThat(before.get(before.size() - 1).path("effectiveFrom").asText()).isEqualTo("2025-05-20");

        Reply published = publish(GOV_ZZ, """
                {"effectiveFrom":"2025-10-20","oneYear":"2.90","fiveYear":"3.40","source":"测试公告"}""");

        assertThat(published.status()).as(published.json().toString()).isEqualTo(201);
        assertThat(published.json()).hasSize(before.size() + 1);
        assertThat(jdbc.queryForObject("select published_by from lpr_publication where effective_from = ?",
                String.class, java.sql.Date.valueOf("2025-10-20"))).isEqualTo("gov-zz");
        JsonNode after = SignedCall.get(base, "/api/v1/lpr").by(BANK_ZZ.signer()).send().json();
        assertThat(after.get(after.size() - 1).path("oneYear").asText()).isEqualTo("2.90");

        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(PILOT)).by(GOV_ZZ.signer()).send()
                .status()).isEqualTo(201);
        Reply loan = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan("LPR-1", PILOT, "1000000.00",
                "2025-11-01", "2027-11-01")).by(BANK_ZZ.signer()).send();
        String loanId = loan.json().path("loanId").asText();
        assertThat(SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                LoanSubsidyIT.period("2025-11-01", "2025-12-01", "1000000.00", "5000.00")).by(BANK_ZZ.signer())
                .send().status()).isEqualTo(202);
        JsonNode decision = await().atMost(Duration.ofSeconds(30)).until(() -> SignedCall.get(base,
                "/api/v1/loans/" + loanId).by(BANK_ZZ.signer()).send().json().path("decisions").path(0),
                d -> !d.isMissingNode());
        // 1,000,000.00 x 2.90% x 30 / 360 = 2416.67 (the new 1-year LPR in force on the loan date)
        assertThat(decision.path("eligible").asText()).isEqualTo("2416.67");
        assertThat(decision.path("detail").path("lprEffectiveFrom").asText())
                .isEqualTo("2025-10-20");
    }

    @Test
    void publicationsAreCheckedAndOnlyTheOperatorMayPublish() throws Exception {
        long before = jdbc.queryForObject("select count(*) from lpr_publication", Long.class);
        Reply bank = publish(BANK_ZZ, """
                {"effectiveFrom":"2026-01-20","oneYear":"2.80","fiveYear":"3.30"}""");
        assertThat(bank.status()).isEqualTo(403);
        assertThat(bank.problemCode()).isEqualTo("scope-denied");

        Reply percentSign = publish(GOV_ZZ, """
                {"effectiveFrom":"2026-01-20","oneYear":"2.80%","fiveYear":"3.30"}""");
        assertThat(percentSign.status()).isEqualTo(400);
        assertThat(percentSign.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/oneYear");

        Reply zero = publish(GOV_ZZ, """
                {"effectiveFrom":"2026-01-20","oneYear":"2.80","fiveYear":"0"}""");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/fiveYear");
        assertThat(jdbc.queryForObject("select count(*) from lpr_publication", Long.class)).isEqualTo(before);
    }

    @Test
    void policiesAreListedWithIdAndVersion() throws Exception {
        JsonNode policies = SignedCall.get(base, "/api/v1/policies").by(BANK_ZZ.signer()).send().json();
        assertThat(policies.findValuesAsText("region")).contains("410100", "420100", "330784");
        assertThat(policies.findValuesAsText("version")).doesNotContain("");
    }
}
