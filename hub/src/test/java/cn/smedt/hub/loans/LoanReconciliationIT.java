package cn.smedt.hub.loans;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ2;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners;
import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.hub.node.ProgrammeCalendar;
import cn.smedt.security.signature.Verifiers;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bank reconciliation (issue 13): a bank lists its own interest decisions of a range of days a page at a time in a
 * stable order with the range's total, and fetches its monthly statement (totals per enterprise and loan) signed by
 * the hub key, verifiable from the parsed document alone.
 */
@HubIT
class LoanReconciliationIT {

    static final String PILOT = "91410000170001401D";   // 巩义市, pilot
    static final String PILOT2 = "91410181MA9G5KQ3XB";  // 巩义市, pilot

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubIdentity hubIdentity;

    @Test
    void aBankListsItsDecisionsAndFetchesASignedStatement() throws Exception {
        String base = HubNode.url(port);
        for (String uscc : List.of(PILOT, PILOT2)) {
            Reply registered = SignedCall.post(base, "/api/v1/enterprises", """
                    {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                     "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(uscc))
                    .by(GOV_ZZ.signer()).send();
            assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
        }
        String loan1 = loan(base, BANK_ZZ, "REC-1", PILOT);
        String loan2 = loan(base, BANK_ZZ, "REC-2", PILOT2);
        String other = loan(base, BANK_ZZ2, "REC-3", PILOT);
        period(base, BANK_ZZ, loan1, "2024-03-01", "2024-04-01", "3000.00");
        period(base, BANK_ZZ, loan1, "2024-04-01", "2024-05-01", "3000.00");
        period(base, BANK_ZZ, loan2, "2024-03-01", "2024-04-01", "2500.00");
        period(base, BANK_ZZ2, other, "2024-03-01", "2024-04-01", "1000.00");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from subsidy_decision", Long.class) == 4);

        LocalDate today = LocalDate.now(ProgrammeCalendar.ZONE);
        String range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
        List<String> ids = new ArrayList<>();
        for (int offset = 0; offset < 3; offset += 2) {
            Reply page = SignedCall.get(base, "/api/v1/loan-decisions?" + range + "&limit=2&offset=" + offset)
                    .by(BANK_ZZ.signer()).send();
            assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
            assertThat(page.json().path("total").asLong()).isEqualTo(3);
            for (JsonNode decision : page.json().path("items")) {
                assertThat(decision.path("partnerId").asText()).isEqualTo("bank-zz");
                assertThat(decision.path("detail").isObject()).isTrue();
                ids.add(decision.path("decisionId").asText());
            }
        }
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        Reply again = SignedCall.get(base, "/api/v1/loan-decisions?" + range).by(BANK_ZZ.signer()).send();
        List<String> all = new ArrayList<>();
        again.json().path("items").forEach(d -> all.add(d.path("decisionId").asText()));
        assertThat(all).isEqualTo(ids);
        Reply elsewhere = SignedCall.get(base, "/api/v1/loan-decisions?from=2020-01-01&to=2020-01-31")
                .by(BANK_ZZ.signer()).send();
        assertThat(elsewhere.json().path("total").asLong()).isZero();
        assertThat(elsewhere.json().path("items")).isEmpty();

        Reply statement = SignedCall.get(base, "/api/v1/loan-statements/" + YearMonth.from(today))
                .by(BANK_ZZ.signer()).send();
        assertThat(statement.status()).as(statement.json().toString()).isEqualTo(200);
        JsonNode doc = statement.json().path("statement");
        assertThat(doc.path("bankId").asText()).isEqualTo("bank-zz");
        assertThat(doc.path("decisions").asLong()).isEqualTo(3);
        assertThat(doc.path("complete").asBoolean()).isFalse();
        BigDecimal granted = jdbc.queryForObject("select sum(granted) from subsidy_decision where partner_id = ?",
                BigDecimal.class, "bank-zz");
        assertThat(doc.path("granted").asText()).isEqualTo(granted.setScale(2).toPlainString());
        assertThat(doc.path("enterprises")).hasSize(2);
        JsonNode first = doc.path("enterprises").path(0);
        assertThat(first.path("uscc").asText()).isEqualTo(PILOT);
        assertThat(first.path("loans")).hasSize(1);
        assertThat(first.path("loans").path(0).path("loanId").asText()).isEqualTo(loan1);
        assertThat(first.path("loans").path(0).path("bankLoanId").asText()).isEqualTo("REC-1");
        assertThat(first.path("loans").path(0).path("decisions").asLong()).isEqualTo(2);
        BigDecimal perEnterprise = new BigDecimal(first.path("granted").asText())
                .add(new BigDecimal(doc.path("enterprises").path(1).path("granted").asText()));
        assertThat(perEnterprise.toPlainString()).isEqualTo(doc.path("granted").asText());

        // the signature covers the payload's bytes, which are the statement answered
        JsonNode signature = statement.json().path("signature");
        assertThat(signature.path("keyid").asText()).isEqualTo(hubIdentity.keyId());
        assertThat(signature.path("alg").asText()).isEqualTo("sm2-sm3");
        byte[] payload = Base64.getDecoder().decode(statement.json().path("payload").asText());
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload)).isEqualTo(doc);
        var verifier = Verifiers.create(hubIdentity.algorithm(), hubIdentity.publicKey());
        byte[] value = Base64.getDecoder().decode(signature.path("value").asText());
        assertThat(verifier.verify(payload, value)).isTrue();
        byte[] altered = new String(payload, java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"granted\":\"" + doc.path("granted").asText() + "\"", "\"granted\":\"9999999.00\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(altered).isNotEqualTo(payload);
        assertThat(verifier.verify(altered, value)).isFalse();

        Reply gov = SignedCall.get(base, "/api/v1/loan-decisions?" + range).by(GOV_ZZ.signer()).send();
        assertThat(gov.status()).isEqualTo(403);
        assertThat(gov.problemCode()).isIn("partner-type-denied", "scope-denied");
        Reply backwards = SignedCall.get(base, "/api/v1/loan-decisions?from=2024-06-30&to=2024-06-01")
                .by(BANK_ZZ.signer()).send();
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.problemCode()).isEqualTo("date-range-invalid");
        Reply tooLong = SignedCall.get(base, "/api/v1/loan-decisions?from=2024-01-01&to=2025-01-01")
                .by(BANK_ZZ.signer()).send();
        assertThat(tooLong.problemCode()).isEqualTo("date-range-invalid");
        Reply badMonth = SignedCall.get(base, "/api/v1/loan-statements/2024-13").by(BANK_ZZ.signer()).send();
        assertThat(badMonth.status()).isEqualTo(400);
    }

    private static String loan(String base, TestPartners.TestPartner bank, String id, String uscc) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan(id, uscc, "1000000.00", "2024-03-01",
                "2026-03-01")).by(bank.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(202);
        return reply.json().path("loanId").asText();
    }

    private static void period(String base, TestPartners.TestPartner bank, String loanId, String start, String end,
                               String paid) throws Exception {
        Reply reply = SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                LoanSubsidyIT.period(start, end, "1000000.00", paid)).by(bank.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(202);
    }
}
