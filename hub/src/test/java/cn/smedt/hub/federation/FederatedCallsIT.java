package cn.smedt.hub.federation;

import static cn.smedt.hub.TestPartners.ASSESSOR_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static cn.smedt.hub.TestPartners.PLATFORM_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubNodes;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.hub.assessments.AssessmentSubsidyIT;
import cn.smedt.hub.audit.AuditLog;
import cn.smedt.hub.loans.LoanSubsidyIT;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every write (and the reads of what was written) reaches the node that owns the record, on behalf of the partner
 * who made it: three nodes on loopback, province 河南省 (410000), city 郑州市 (410100) and county 新密市 (410183), each
 * with its own hub key. The county owns the records of its enterprises; partners call the city or the province. At
 * the county, the original partner's type, scopes, regions and qualification apply and its id is recorded; the
 * audit entry names the hop too. The city reaches the county through a {@link HoldingProxy}, so the county can hang.
 */
class FederatedCallsIT {

    static final SignatureAlgorithm SM2 = SignatureAlgorithm.SM2_SM3;
    static final String WRITES = "enterprises:write,loans:write,assessments:write,cloud:write,devices:admin,"
            + "consents:manage,providers:write,projects:write";
    static final String READS = "enterprises:read,loans:read,assessments:read,cloud:read,devices:read,consents:read,"
            + "consents:fetch,providers:read,projects:read";
    /** The consent scopes of the government platform and the bank (docs/consent.md), on every node. */
    static final String GOV_SCOPES = GOV_ZZ.scopes() + ",consents:manage,consents:read,projects:write,projects:read";
    static final String BANK_SCOPES = BANK_ZZ.scopes() + ",consents:read,consents:fetch";
    static final TestPartner PROVINCE = FederationIT.hub("hub-41", "410000");
    static final TestPartner CITY = FederationIT.hub("hub-4101", "410100");
    static final TestPartner COUNTY = FederationIT.hub("hub-410183", "410183");
    /** 河南省 government platform, known only to the province node. */
    static final TestPartner GOV_HN = new TestPartner("gov-hn", "GOVERNMENT", "410000",
            "enterprises:write,enterprises:read,loans:write", SM2, PemKeys.generate(SM2));

    static final AtomicInteger SERIAL = new AtomicInteger(new java.util.Random().nextInt(8_000_000));

    static HubNodes nodes;
    static HoldingProxy toCounty;
    static ConfigurableApplicationContext province;
    static ConfigurableApplicationContext city;
    static ConfigurableApplicationContext county;
    static String provinceUrl;
    static String cityUrl;

    @BeforeAll
    static void startThreeNodes() {
        HubNode p = FederationIT.node(PROVINCE).set("hub.federation.timeout", "PT30S");
        HubNode c = FederationIT.node(CITY).set("hub.federation.timeout", "PT12S");
        HubNode k = FederationIT.node(COUNTY).qualify(ASSESSOR_ZZ, "CERT-ZZ", "2023-01-01", "2099-12-31");
        toCounty = new HoldingProxy(Integer.parseInt(k.properties().get("server.port")));
        provinceUrl = p.baseUrl();
        cityUrl = c.baseUrl();

        p.child(CITY, cityUrl).extraPartner(GOV_HN).extraPartner(CITY, "410100", "federation:summary");
        c.parent(PROVINCE, provinceUrl).child(COUNTY, toCounty.baseUrl())
                .extraPartner(PROVINCE, "410100", WRITES + "," + READS)
                .extraPartner(COUNTY, "410183", "federation:summary");
        k.parent(CITY, cityUrl).extraPartner(CITY, "410183", WRITES + "," + READS);

        for (HubNode node : new HubNode[] {p, c, k}) {
            node.partner(GOV_ZZ, "scopes", GOV_SCOPES).partner(BANK_ZZ, "scopes", BANK_SCOPES);
        }
        nodes = HubNodes.start(k, c, p);
        county = nodes.get(0);
        city = nodes.get(1);
        province = nodes.get(2);
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
        if (toCounty != null) {
            toCounty.close();
        }
        // the fields live as long as the test JVM: a closed node they still held would stay in its heap
        province = null;
        city = null;
        county = null;
    }

    /** A new USCC of a 新密市 enterprise. */
    static String newUscc() {
        String first17 = "91410183MA%07d".formatted(SERIAL.incrementAndGet());
        return first17 + Uscc.checkCharacter(first17);
    }

    static String enterprise(String uscc) {
        return """
                {"uscc":"%s","name":"新密联邦企业","regionCode":"410183","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(uscc);
    }

    /** A 新密市 pilot enterprise, registered through the city (it is stored at the county). */
    static String registeredEnterprise() throws Exception {
        String uscc = newUscc();
        Reply reply = SignedCall.post(cityUrl, "/api/v1/enterprises", enterprise(uscc)).by(GOV_ZZ.signer()).send();
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
        return uscc;
    }

    static JdbcTemplate jdbc(ConfigurableApplicationContext node) {
        return node.getBean(JdbcTemplate.class);
    }

    static long count(ConfigurableApplicationContext node, String sql, Object... args) {
        return jdbc(node).queryForObject(sql, Long.class, args);
    }

    static void handledByCounty(Reply reply, int status) throws Exception {
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(status);
        assertThat(reply.header("Hub-Handled-By")).isEqualTo("hub-410183");
    }

    @Test
    void anEnterpriseRegisteredAtTheProvinceIsStoredAtTheCountyAsThePartnersAndReadBackAtTheProvince()
            throws Exception {
        String uscc = newUscc();
        SignedCall call = SignedCall.post(provinceUrl, "/api/v1/enterprises", enterprise(uscc))
                .idempotencyKey("fed-ent-" + uscc);
        Reply first = call.by(GOV_HN.signer()).send();
        handledByCounty(first, 201);
        Reply replay = SignedCall.post(provinceUrl, "/api/v1/enterprises", enterprise(uscc))
                .idempotencyKey("fed-ent-" + uscc).by(GOV_HN.signer()).send();
        handledByCounty(replay, 201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

        String enterprise = "select count(*) from enterprise where uscc = ?";
        assertThat(List.of(count(province, enterprise, uscc), count(city, enterprise, uscc),
                count(county, enterprise, uscc))).containsExactly(0L, 0L, 1L);
        assertThat(jdbc(county).queryForObject("select registered_by from enterprise where uscc = ?", String.class,
                uscc)).as("the partner, not a hub").isEqualTo("gov-hn");
        // the key the county got: derived at the province, then again at the city
        String keyAtCounty = FederationRouter.forwardedKey("gov-hn", FederationRouter.forwardedKey("gov-hn",
                "fed-ent-" + uscc));
        county.getBean(AuditLog.class).chainPending();
        Map<String, Object> audit = jdbc(county).queryForMap("select actor, detail from audit_entry where"
                + " action = 'registerEnterprise' and detail like ?", "%" + keyAtCounty + "%");
        assertThat(audit.get("actor")).isEqualTo("gov-hn");
        assertThat((String) audit.get("detail")).contains("\"via\":\"hub-4101\"");

        // read where it was written: the province routes the read to the county, which serves it
        Reply read = SignedCall.get(provinceUrl, "/api/v1/enterprises/" + uscc).by(GOV_HN.signer()).send();
        handledByCounty(read, 200);
        assertThat(read.json().path("uscc").asText()).isEqualTo(uscc);
    }

    @Test
    void aBanksLoanAndInterestPeriodGoThroughTheCityAndTheProvinceToTheCounty() throws Exception {
        String uscc = registeredEnterprise();
        String bankLoanId = "FED-" + uscc;
        Reply loan = SignedCall.post(cityUrl, "/api/v1/loans", LoanSubsidyIT.loan(bankLoanId, uscc, "500000.00",
                "2024-05-01", "2027-05-01")).by(BANK_ZZ.signer()).send();
        handledByCounty(loan, 202);
        String loanId = loan.json().path("loanId").asText();
        assertThat(loanId).startsWith("LN410183");
        assertThat(jdbc(county).queryForObject("select bank_id from loan where loan_id = ?", String.class, loanId))
                .isEqualTo("bank-zz");
        assertThat(count(city, "select count(*) from loan where loan_id = ?", loanId)).isZero();

        // the interest period is routed by the loan's id, here over two hops
        Reply period = SignedCall.post(provinceUrl, "/api/v1/loans/" + loanId + "/interest-periods",
                LoanSubsidyIT.period("2024-05-01", "2024-06-01", "500000.00", "1700.69")).by(BANK_ZZ.signer())
                .send();
        handledByCounty(period, 202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc(county).queryForList(
                "select partner_id from subsidy_decision where loan_id = ?", String.class, loanId))
                .containsExactly("bank-zz"));

        Reply read = SignedCall.get(provinceUrl, "/api/v1/loans/" + loanId).by(BANK_ZZ.signer()).send();
        handledByCounty(read, 200);
        assertThat(read.json().path("loan").path("bankLoanId").asText()).isEqualTo(bankLoanId);
        assertThat(read.json().path("periods")).hasSize(1);
        // another bank does not see it, wherever it asks
        assertThat(SignedCall.get(cityUrl, "/api/v1/loans/" + loanId).by(cn.smedt.hub.TestPartners.BANK_ZZ2
                .signer()).send().problemCode()).isEqualTo("loan-not-found");
    }

    @Test
    void theOriginalPartnersTypeAppliesAtTheOwner() throws Exception {
        String uscc = registeredEnterprise();
        // gov-hn, known only to the province, holds loans:write but is no bank: the county, two hops away, refuses
        // it as such (not as the city hub, which may forward loans)
        Reply notABank = SignedCall.post(provinceUrl, "/api/v1/loans", LoanSubsidyIT.loan("FED-X-" + uscc, uscc,
                "100000.00", "2024-05-01", "2025-05-01")).by(GOV_HN.signer()).send();
        assertThat(notABank.status()).as(notABank.json().toString()).isEqualTo(403);
        assertThat(notABank.problemCode()).isEqualTo("partner-type-denied");
        assertThat(notABank.json().path("detail").asText()).contains("gov-hn is a GOVERNMENT");
        assertThat(notABank.header("Hub-Handled-By")).isEqualTo("hub-410183");
        // its regions apply too: a bank of Wuhan may not act in 新密市, wherever it asks
        Reply outside = SignedCall.post(cityUrl, "/api/v1/loans", LoanSubsidyIT.loan("FED-Y-" + uscc, uscc,
                "100000.00", "2024-05-01", "2025-05-01")).by(cn.smedt.hub.TestPartners.BANK_WH.signer()).send();
        assertThat(outside.problemCode()).isEqualTo("enterprise-not-registered");
        assertThat(count(county, "select count(*) from loan where uscc = ?", uscc)).isZero();
    }

    @Test
    void assessmentsAndAcceptancesOfAnAssessorGoToTheCounty() throws Exception {
        String uscc = registeredEnterprise();
        Reply assessment = SignedCall.post(cityUrl, "/api/v1/assessments", AssessmentSubsidyIT.assessment(
                "FED-AS-" + uscc, uscc, "2025-05-01", 2, AssessmentSubsidyIT.SCORES)).by(ASSESSOR_ZZ.signer()).send();
        assertThat(assessment.status() / 100).as(assessment.json().toString()).isEqualTo(2);
        assertThat(assessment.header("Hub-Handled-By")).isEqualTo("hub-410183");
        assertThat(jdbc(county).queryForObject("select assessor_id from assessment where assessment_id = ?",
                String.class, "FED-AS-" + uscc)).isEqualTo("assessor-zz");

        Reply acceptance = SignedCall.post(provinceUrl, "/api/v1/acceptances", AssessmentSubsidyIT.acceptance(
                "FED-AC-" + uscc, uscc, "2025-06-01", "PASSED", null, "software", "100000.00"))
                .by(ASSESSOR_ZZ.signer()).send();
        assertThat(acceptance.status() / 100).as(acceptance.json().toString()).isEqualTo(2);
        assertThat(acceptance.header("Hub-Handled-By")).isEqualTo("hub-410183");
        assertThat(jdbc(county).queryForObject("select assessor_id from acceptance where acceptance_id = ?",
                String.class, "FED-AC-" + uscc)).isEqualTo("assessor-zz");

        Reply levels = SignedCall.get(cityUrl, "/api/v1/enterprises/" + uscc + "/levels").by(ASSESSOR_ZZ.signer())
                .send();
        handledByCounty(levels, 200);
        // the acceptance's id carries the enterprise's county: read at the province, it is answered by the county
        String recordId = acceptance.json().path("recordId").asText();
        assertThat(recordId).startsWith("AC410183");
        Reply read = SignedCall.get(provinceUrl, "/api/v1/acceptances/" + recordId).by(ASSESSOR_ZZ.signer()).send();
        handledByCounty(read, 200);
        assertThat(read.json().toString()).contains("\"FED-AC-" + uscc + "\"");
    }

    @Test
    void cloudReportsOfAPlatformGoToTheCounty() throws Exception {
        String uscc = registeredEnterprise();
        Reply report = SignedCall.post(cityUrl, "/api/v1/cloud-adoption", """
                {"uscc":"%s","reportedOn":"2025-03-01","saasApps":[],"paymentMode":"PER_USE","devicesConnected":1}"""
                .formatted(uscc)).by(PLATFORM_ZZ.signer()).send();
        assertThat(report.status() / 100).as(report.json().toString()).isEqualTo(2);
        assertThat(report.header("Hub-Handled-By")).isEqualTo("hub-410183");
        assertThat(jdbc(county).queryForObject("select platform_id from cloud_adoption where uscc = ?",
                String.class, uscc)).isEqualTo("platform-zz");
        handledByCounty(SignedCall.get(provinceUrl, "/api/v1/cloud-adoption/" + uscc).by(PLATFORM_ZZ.signer())
                .send(), 200);
    }

    @Test
    void devicesAreRegisteredAndGetCredentialsAtTheCounty() throws Exception {
        String uscc = registeredEnterprise();
        Reply devices = SignedCall.post(cityUrl, "/api/v1/enterprises/" + uscc + "/devices",
                "{\"devices\":[{\"deviceId\":\"kiln-1\"}]}").by(GOV_ZZ.signer()).send();
        handledByCounty(devices, 200);
        assertThat(count(county, "select count(*) from device where uscc = ?", uscc)).isEqualTo(1);
        Reply credentials = SignedCall.post(cityUrl, "/api/v1/enterprises/" + uscc + "/device-credentials", "{}")
                .by(GOV_ZZ.signer()).send();
        handledByCounty(credentials, 201);
        handledByCounty(SignedCall.get(cityUrl, "/api/v1/enterprises/" + uscc + "/device-kpis").by(GOV_ZZ.signer())
                .send(), 200);
    }

    @Test
    void batchLinesGoToTheOwnerOfEachRecord() throws Exception {
        String uscc = registeredEnterprise();
        String loanLine = LoanSubsidyIT.loan("FED-B-" + uscc, uscc, "200000.00", "2024-05-01", "2026-05-01")
                .replace("\n", "");
        String unknown = newUscc();
        String ndjson = loanLine + "\n" + LoanSubsidyIT.loan("FED-B-" + unknown, unknown, "200000.00", "2024-05-01",
                "2026-05-01").replace("\n", "") + "\n";
        Reply accepted = SignedCall.post(cityUrl, "/api/v1/loan-batches", ndjson).contentType("application/x-ndjson")
                .by(BANK_ZZ.signer()).send();
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        String jobId = accepted.json().path("jobId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> SignedCall.get(cityUrl, "/api/v1/loan-batches/" + jobId)
                .by(BANK_ZZ.signer()).send().json().path("status").asText().equals("DONE"));
        List<String> results = new String(SignedCall.get(cityUrl, "/api/v1/loan-batches/" + jobId + "/results")
                .by(BANK_ZZ.signer()).send().response().body(), StandardCharsets.UTF_8).lines().toList();
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).contains("\"ACCEPTED\"", "LN410183");
        assertThat(results.get(1)).contains("\"REJECTED\"", "enterprise-not-registered");
        assertThat(jdbc(county).queryForObject("select bank_id from loan where bank_loan_id = ?", String.class,
                "FED-B-" + uscc)).isEqualTo("bank-zz");
        // the job lives where it was uploaded and its id carries that node's region: read at the province, the city
        // answers
        assertThat(jobId).startsWith("BJ410100");
        Reply job = SignedCall.get(provinceUrl, "/api/v1/loan-batches/" + jobId).by(BANK_ZZ.signer()).send();
        assertThat(job.status()).as(job.json().toString()).isEqualTo(200);
        assertThat(job.header("Hub-Handled-By")).isEqualTo("hub-4101");
        assertThat(job.json().path("status").asText()).isEqualTo("DONE");
        // an interest-period line naming the hub's loanId goes to the node holding the loan, on behalf of the bank
        String loanId = results.get(0).replaceAll(".*\"(LN410183[0-9a-f]{18})\".*", "$1");
        String periodLine = "{\"recordType\":\"INTEREST_PERIOD\",\"loanId\":\"" + loanId + "\","
                + LoanSubsidyIT.period("2024-05-01", "2024-06-01", "200000.00", "600.00").replace("\n", "")
                .trim().substring(1) + "\n";
        Reply periods = SignedCall.post(provinceUrl, "/api/v1/loan-batches", periodLine)
                .contentType("application/x-ndjson").by(BANK_ZZ.signer()).send();
        assertThat(periods.status()).as(periods.json().toString()).isEqualTo(202);
        String periodJob = periods.json().path("jobId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> SignedCall.get(provinceUrl, "/api/v1/loan-batches/"
                + periodJob).by(BANK_ZZ.signer()).send().json().path("status").asText().equals("DONE"));
        String periodResult = new String(SignedCall.get(provinceUrl, "/api/v1/loan-batches/" + periodJob + "/results")
                .by(BANK_ZZ.signer()).send().response().body(), StandardCharsets.UTF_8);
        assertThat(periodResult).as(periodResult).contains("\"ACCEPTED\"");
        assertThat(count(county, "select count(*) from interest_period where loan_id = ?", loanId)).isEqualTo(1);

        Reply cloud = SignedCall.post(cityUrl, "/api/v1/cloud-adoption-batches", """
                {"uscc":"%s","reportedOn":"2025-03-01","saasApps":[],"paymentMode":"PER_USE","devicesConnected":2}
                """.formatted(uscc)).contentType("application/x-ndjson").by(PLATFORM_ZZ.signer()).send();
        assertThat(cloud.status()).as(cloud.json().toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(county, "select count(*) from cloud_adoption"
                + " where uscc = ? and platform_id = 'platform-zz'", uscc) == 1);
    }

    /**
     * A service provider of 新密市, its service fees and an enterprise's chain case, reported by the government
     * platform through the city and the province, are stored and decided at the county.
     */
    @Test
    void serviceProvidersTheirFeesAndChainCasesGoToTheCounty() throws Exception {
        String provider = newUscc();
        Reply registered = SignedCall.post(cityUrl, "/api/v1/service-providers", """
                {"uscc":"%s","name":"新密数字化服务商","category":"DIAGNOSIS","regionCode":"410183"}"""
                .formatted(provider)).by(GOV_ZZ.signer()).send();
        assertThat(registered.status() / 100).as(registered.json().toString()).isEqualTo(2);
        assertThat(registered.header("Hub-Handled-By")).isEqualTo("hub-410183");
        assertThat(count(county, "select count(*) from service_provider where uscc = ?", provider)).isEqualTo(1);
        Reply fees = SignedCall.post(provinceUrl, "/api/v1/service-providers/" + provider + "/service-fees", """
                {"reportId":"FED-FEE-%s","regionCode":"410183","year":2025,"serviceFees":"100000.00",
                 "allTasksCompleted":true}""".formatted(provider)).by(GOV_ZZ.signer()).send();
        assertThat(fees.status() / 100).as(fees.json().toString()).isEqualTo(2);
        assertThat(fees.header("Hub-Handled-By")).isEqualTo("hub-410183");
        assertThat(count(county, "select count(*) from provider_fees_report where provider_uscc = ?", provider))
                .isEqualTo(1);
        handledByCounty(SignedCall.get(provinceUrl, "/api/v1/service-providers/" + provider).by(GOV_ZZ.signer())
                .send(), 200);

        String uscc = registeredEnterprise();
        Reply chainCase = SignedCall.post(cityUrl, "/api/v1/chain-cases", """
                {"caseId":"FED-CC-%s","uscc":"%s","recognisedOn":"2025-03-01"}""".formatted(uscc, uscc))
                .by(GOV_ZZ.signer()).send();
        assertThat(chainCase.status() / 100).as(chainCase.json().toString()).isEqualTo(2);
        assertThat(chainCase.header("Hub-Handled-By")).isEqualTo("hub-410183");
        assertThat(count(county, "select count(*) from chain_case where uscc = ?", uscc)).isEqualTo(1);
    }

    /**
     * A transformation project of a county enterprise, registered through the city, lives at the county (its id
     * carries the county); read and moved through the province, each call is answered by the county.
     */
    @Test
    void aProjectLivesAtTheCountyOfItsEnterprise() throws Exception {
        String uscc = registeredEnterprise();
        Reply registered = SignedCall.post(cityUrl, "/api/v1/projects", """
                {"projectRef":"FED-PJ-%s","uscc":"%s","plannedStages":1,"scenarios":{"common":["scheduling"]}}"""
                .formatted(uscc, uscc)).by(GOV_ZZ.signer()).send();
        assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
        assertThat(registered.header("Hub-Handled-By")).isEqualTo("hub-410183");
        String projectId = registered.json().path("projectId").asText();
        assertThat(projectId).startsWith("PJ410183");
        assertThat(count(county, "select count(*) from project where project_id = ?", projectId)).isEqualTo(1);
        assertThat(count(city, "select count(*) from project where project_id = ?", projectId)).isZero();
        Reply read = SignedCall.get(provinceUrl, "/api/v1/projects/" + projectId).by(GOV_ZZ.signer()).send();
        handledByCounty(read, 200);
        Reply stage = SignedCall.post(provinceUrl, "/api/v1/projects/" + projectId + "/stages", """
                {"stage":1,"startedOn":"2025-03-01"}""").by(GOV_ZZ.signer()).send();
        handledByCounty(stage, 200);
        assertThat(stage.json().path("status").asText()).isEqualTo("IMPLEMENTING");
    }

    /**
     * A consent of a county enterprise, granted through the province by the government platform on the enterprise's
     * recorded instruction, is stored at the county; read, fetched under and revoked through the city and the
     * province, each call is answered by the county (the consent id carries the enterprise's county).
     */
    @Test
    void aConsentIsGrantedFetchedAndRevokedAtTheCountyWhereverTheCallsArrive() throws Exception {
        String uscc = registeredEnterprise();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String consent = """
                {"uscc":"%s","bankId":"bank-zz",
                 "purpose":{"code":"CREDIT_ASSESSMENT","loanProduct":"SHU_ZHUAN_DAI","text":"数转贷授信评估"},
                 "categories":["CLOUD_ADOPTION"],"dataPeriod":{"from":"2024-01-01","to":"2024-12-31"},
                 "validFrom":"%s","validUntil":"%s","fetch":{"type":"ONETIME"},"dataLife":{"unit":"MONTH","value":6},
                 "instruction":{"reference":"FED-INS-1","receivedOn":"2025-01-02","channel":"SERVICE_COUNTER"}}"""
                .formatted(uscc, now.minusSeconds(60), now.plus(1, java.time.temporal.ChronoUnit.DAYS));
        Reply granted = SignedCall.post(provinceUrl, "/api/v1/consents", consent).by(GOV_ZZ.signer()).send();
        handledByCounty(granted, 201);
        String consentId = granted.json().path("consentId").asText();
        assertThat(consentId).startsWith("CN410183");
        assertThat(count(county, "select count(*) from consent where consent_id = ?", consentId)).isEqualTo(1);

        handledByCounty(SignedCall.get(cityUrl, "/api/v1/consents/" + consentId).by(BANK_ZZ.signer()).send(), 200);
        handledByCounty(SignedCall.get(provinceUrl, "/api/v1/consents/" + consentId
                + "/credit-profile?purpose=CREDIT_ASSESSMENT&categories=CLOUD_ADOPTION&from=2024-01-01&to=2024-12-31")
                .by(BANK_ZZ.signer()).send(), 200);
        Reply revoked = SignedCall.post(cityUrl, "/api/v1/consents/" + consentId + "/revocation", """
                {"reason":"企业撤回","instruction":{"reference":"FED-INS-2","receivedOn":"2025-01-03","channel":"SERVICE_COUNTER"}}""")
                .by(GOV_ZZ.signer()).send();
        handledByCounty(revoked, 200);
        Reply refused = SignedCall.get(provinceUrl, "/api/v1/consents/" + consentId
                + "/credit-profile?purpose=CREDIT_ASSESSMENT&categories=CLOUD_ADOPTION&from=2024-01-01&to=2024-12-31")
                .by(BANK_ZZ.signer()).send();
        assertThat(refused.problemCode()).isEqualTo("consent-revoked");
        assertThat(refused.header("Hub-Handled-By")).isEqualTo("hub-410183");
    }

    @Test
    void onlyANeighbouringHubMayCallOnBehalfOfAPartner() throws Exception {
        String uscc = newUscc();
        String assertion = Base64.getUrlEncoder().withoutPadding().encodeToString("""
                {"partner":"gov-zz","type":"GOVERNMENT","regions":["410183"],"scopes":["enterprises:write"],
                 "rateLimitPerSecond":100,"via":["bank-zz"]}""".getBytes(StandardCharsets.UTF_8));
        Reply reply = SignedCall.post(cityUrl, "/api/v1/enterprises", enterprise(uscc))
                .header("Hub-On-Behalf-Of", assertion)
                .covering("@method", "@target-uri", "content-digest", "content-type", "hub-on-behalf-of")
                .by(BANK_ZZ.signer()).send();
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.problemCode()).isEqualTo("on-behalf-of-denied");
        // ... and the assertion must be covered by the signature
        Reply uncovered = SignedCall.post(cityUrl, "/api/v1/enterprises", enterprise(uscc))
                .header("Hub-On-Behalf-Of", assertion).by(BANK_ZZ.signer()).send();
        assertThat(uncovered.problemCode()).isEqualTo("signature-component-missing");
        assertThat(count(city, "select count(*) from enterprise where uscc = ?", uscc)
                + count(county, "select count(*) from enterprise where uscc = ?", uscc)).isZero();
    }

    @Test
    void aHangingCountyIsAnsweredWithinTheTimeoutAndARetryIsNotAppliedTwice() throws Exception {
        String uscc = registeredEnterprise();
        String key = "fed-hang-" + UUID.randomUUID();
        String body = LoanSubsidyIT.loan("FED-HANG-" + uscc, uscc, "300000.00", "2024-05-01", "2026-05-01");
        toCounty.hold();
        Reply gaveUp;
        try {
            gaveUp = SignedCall.post(cityUrl, "/api/v1/loans", body).idempotencyKey(key).by(BANK_ZZ.signer()).send();
        } finally {
            toCounty.release();
        }
        assertThat(gaveUp.status()).isEqualTo(502);
        assertThat(gaveUp.response().headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        assertThat(gaveUp.problemCode()).isEqualTo("federation-unreachable");
        assertThat(gaveUp.json().path("detail").asText()).contains("did not answer within PT12S");

        // the county goes on and stores the loan after the city gave up
        String loans = "select count(*) from loan where bank_loan_id = ?";
        await().atMost(Duration.ofSeconds(60)).until(() -> count(county, loans, "FED-HANG-" + uscc) == 1);
        // the bank retries with the same key: the county answers what it stored, once
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Reply retry = SignedCall.post(cityUrl, "/api/v1/loans", body).idempotencyKey(key).by(BANK_ZZ.signer())
                    .send();
            handledByCounty(retry, 202);
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        });
        assertThat(count(county, loans, "FED-HANG-" + uscc)).isEqualTo(1);
        assertThat(count(city, loans, "FED-HANG-" + uscc)).isZero();
    }
}
