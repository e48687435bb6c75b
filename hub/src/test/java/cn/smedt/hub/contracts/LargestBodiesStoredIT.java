package cn.smedt.hub.contracts;

import static cn.smedt.hub.TestPartners.ASSESSOR_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static cn.smedt.hub.TestPartners.PLATFORM_ZZ;
import static java.time.temporal.ChronoUnit.MICROS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.api.contract.ContractCatalog;
import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Contract and storage agree: the largest body of every write operation, built from the contracts by
 * {@link LargestValidBodies} (every string at its longest, arrays at maxItems, every optional field), goes through
 * the real gateway signed by its partner, is answered 2xx and reads back unchanged through the API (the decisions
 * that follow a loan period and a passed acceptance are stored too). The two batch uploads (NDJSON, not JSON bodies)
 * carry the largest records as lines; replayDeadLetters stores only its audit entry. Runs on the database
 * HubNode selects.
 * <p>
 * Fix-ups per operation, for what a schema cannot say (strings keep their length, arrays their size):
 * <ul>
 *   <li>every USCC: its 18th character set to the check character of the first 17;</li>
 *   <li>registerEnterprise: regionCode 410181 (a county in GOV_ZZ's regions; the longest RegionCode, a 16-character
 *       zone id, is no known county), pilot (loans, assessments and acceptances need a pilot);</li>
 *   <li>submitLoan: startDate 2025-01-02, before the maturityDate 9999-12-31 and covered by the LPR table;</li>
 *   <li>submitInterestPeriod: periodStart = the loan's start (not before it), periodEnd 9999-12-31;
 *       outstandingPrincipal the largest Money, equal to the principal (not above it);</li>
 *   <li>submitAssessment / submitAcceptance / submitCloudAdoption: the date today (never in the future, inside the
 *       assessor's qualification); the enterprise a registered pilot of the partner's regions; scores at their
 *       maxima add up exactly to the maximum total;</li>
 *   <li>registerDevices, submitRegionSummary: path USCC / regionCode in the partner's regions; the summary (an open
 *       object in the contract) is this hub's own getProgress answer;</li>
 *   <li>onboardPartner / addPartnerKey: type ENTERPRISE (the only type with a uscc); regions the 20 longest codes of
 *       the hub's region directory (a longest RegionCode, a 16-character zone id, is no known region); key ids made
 *       distinct in their last character; each publicKeyPem a real key of its algorithm, padded with trailing line
 *       breaks to the maximum length; notBefore 2020-01-01, notAfter the largest date-time.</li>
 *   <li>submitAcceptance: without projectId (the longest id names no project; the project test attaches one);
 *       registerProject: without track (Zhengzhou's policy names none), the X scenarios' last character 0 (the
 *       variants of the two lists are the same strings, and a scenario is chosen once); recordProjectDiagnosis /
 *       recordProjectContract: registered providers (the largest of variants 50-59).</li>
 * </ul>
 */
@HubIT
class LargestBodiesStoredIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final LargestValidBodies BODIES = new LargestValidBodies(ContractCatalog.loadDefault());
    /** The longest code of the hub's industry catalogue (reference/industries.yaml). */
    static final String LONGEST_INDUSTRY_CODE = "WH-ELECTRICAL-EQUIPMENT";
    static final String COUNTY = "410181";  // 巩义市, Zhengzhou: interest and transformation subsidy policies
    /** A child hub node of this one, sending its region's summaries. */
    static final TestPartner CHILD_HUB = new TestPartner("hub-410181", "HUB", COUNTY, "federation:summary",
            SignatureAlgorithm.SM2_SM3, PemKeys.generate(SignatureAlgorithm.SM2_SM3));

    @HubIT.Settings
    static void node(HubNode node) {
        node.qualify(ASSESSOR_ZZ, "CERT-" + ASSESSOR_ZZ.id(), "2023-01-01", "2099-12-31");
        node.extraPartner(CHILD_HUB);
        node.partner(GOV_ZZ, "scopes", GOV_ZZ.scopes()
                + ",consents:manage,consents:read,partners:admin,projects:write,projects:read");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    static String today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1).toString();
    }

    /** The largest USCC of variant n, with its check character. */
    static String uscc(int variant) {
        String longest = LargestValidBodies.longestMatch(
                "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$", 0, null, variant, "uscc");
        String first17 = longest.substring(0, 17);
        return first17 + Uscc.checkCharacter(first17);
    }

    String base() {
        return HubNode.url(port);
    }

    Reply post(TestPartner partner, String path, JsonNode body) throws Exception {
        return SignedCall.post(base(), path, body.toString()).by(partner.signer()).send();
    }

    JsonNode get(TestPartner partner, String path) throws Exception {
        Reply reply = SignedCall.get(base(), path).by(partner.signer()).send();
        assertThat(reply.status()).as(path + ": " + new String(reply.response().body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return reply.json();
    }

    static JsonNode accepted(Reply reply, String operationId) throws Exception {
        assertThat(reply.status()).as(operationId + ": " + new String(reply.response().body(), StandardCharsets.UTF_8))
                .isBetween(200, 299);
        return reply.json();
    }

    /** Registers the largest enterprise of variant n (a pilot in {@link #COUNTY}); answers its body. */
    ObjectNode enterprise(int variant) throws Exception {
        ObjectNode body = BODIES.body("registerEnterprise");
        body.put("uscc", uscc(variant)).put("regionCode", COUNTY).put("pilot", true);
        // the code must be one of the industry catalogue (listIndustries): its longest
        body.put("industryCode", LONGEST_INDUSTRY_CODE);
        accepted(post(GOV_ZZ, "/api/v1/enterprises", body), "registerEnterprise");
        return body;
    }

    /** The JSON writes this test sends; a new one in the contracts fails here until it is added. */
    @Test
    void everyJsonWriteOfTheContractsIsCovered() {
        assertThat(BODIES.jsonWrites()).containsExactlyInAnyOrder("registerEnterprise", "submitLoan",
                "submitInterestPeriod", "submitAssessment", "submitAcceptance", "submitCloudAdoption", "publishLpr",
                "registerDevices", "submitRegionSummary", "replayDeadLetters", "grantConsent", "revokeConsent",
                "registerServiceProvider", "submitProviderFees", "submitChainCase", "onboardPartner", "addPartnerKey",
                "revokePartnerKey", "suspendPartner", "reinstatePartner", "registerProject",
                "recordProjectDiagnosis", "recordProjectContract", "recordProjectStage");
    }

    /** A real public key of {@code algorithm} as PEM, padded with line breaks to {@code length} characters. */
    static String paddedPem(String algorithm, int length) {
        String pem = PemKeys.toPem(PemKeys.generate(SignatureAlgorithm.fromToken(algorithm).orElseThrow()).getPublic());
        return pem + "\n".repeat(length - pem.length());
    }

    /** The largest key of variant n, made acceptable: a real padded key, a validity in order, an id of its own. */
    static ObjectNode largestKey(ObjectNode key, int variant) {
        String keyId = key.path("keyId").asText();
        key.put("keyId", keyId.substring(0, keyId.length() - 1) + (char) ('a' + variant));
        String longest = key.path("publicKeyPem").asText();
        key.put("publicKeyPem", paddedPem(key.path("algorithm").asText(), longest.codePointCount(0, longest.length())));
        key.put("notBefore", "2020-01-01T00:00:00Z").put("notAfter", LargestValidBodies.MAX_DATE_TIME);
        return key;
    }

    @Test
    void onboardPartnerAddAndRevokeAKeySuspendAndReinstate(@Autowired RegionDirectory regions) throws Exception {
        ObjectNode partner = BODIES.body("onboardPartner");
        String partnerId = partner.path("id").asText();
        assertThat(partnerId).hasSize(64);
        partner.put("type", "ENTERPRISE").put("uscc", uscc(50));
        var codes = partner.putArray("regions");
        regions.all().stream().map(cn.smedt.hub.regions.Region::code)
                .sorted(java.util.Comparator.comparing(String::length).reversed().thenComparing(c -> c))
                .limit(20).forEach(codes::add);
        assertThat(codes).hasSize(20);
        assertThat(partner.path("keys")).hasSize(4);
        for (int i = 0; i < 4; i++) {
            largestKey((ObjectNode) partner.path("keys").get(i), i);
        }
        JsonNode onboarded = accepted(post(GOV_ZZ, "/api/v1/partners", partner), "onboardPartner");
        JsonNode view = get(GOV_ZZ, "/api/v1/partners/" + partnerId);
        assertThat(onboarded).isEqualTo(view);
        assertSameFields(view, partner, "id", "name", "type", "rateLimitPerSecond", "webhookUrl", "uscc");
        assertThat(texts(view.path("regions"))).containsExactlyElementsOf(new TreeSet<>(texts(partner.path("regions"))));
        assertThat(texts(view.path("scopes"))).containsExactlyElementsOf(new TreeSet<>(texts(partner.path("scopes"))));
        assertThat(view.path("keys")).hasSize(4);
        JsonNode firstKey = partner.path("keys").get(0);
        assertThat(jdbc.queryForObject("select public_key_pem from registry_key where key_id = ?", String.class,
                firstKey.path("keyId").asText())).isEqualTo(firstKey.path("publicKeyPem").asText());

        ObjectNode key = largestKey(BODIES.body("addPartnerKey"), 5);
        JsonNode added = accepted(post(GOV_ZZ, "/api/v1/partners/" + partnerId + "/keys", key), "addPartnerKey");
        assertThat(added.path("keys")).hasSize(5);
        ObjectNode reason = BODIES.body("revokePartnerKey");
        String keyId = key.path("keyId").asText();
        JsonNode revoked = accepted(post(GOV_ZZ, "/api/v1/partners/" + partnerId + "/keys/" + keyId + "/revocation",
                reason), "revokePartnerKey");
        assertThat(revoked.toString()).contains("REVOKED");
        assertThat(jdbc.queryForObject("select reason from registry_key_revocation where key_id = ?", String.class,
                keyId)).isEqualTo(reason.path("reason").asText());
        JsonNode suspended = accepted(post(GOV_ZZ, "/api/v1/partners/" + partnerId + "/suspension",
                BODIES.body("suspendPartner")), "suspendPartner");
        assertThat(suspended.path("status").asText()).isEqualTo("SUSPENDED");
        ObjectNode reinstatement = BODIES.body("reinstatePartner");
        JsonNode reinstated = accepted(post(GOV_ZZ, "/api/v1/partners/" + partnerId + "/reinstatement",
                reinstatement), "reinstatePartner");
        assertThat(reinstated.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(jdbc.queryForObject("select reason from registry_partner_status where partner_id = ?",
                String.class, partnerId)).isEqualTo(reinstatement.path("reason").asText());
    }

    @Test
    void grantConsentAndRevokeIt() throws Exception {
        String uscc = enterprise(7).path("uscc").asText();
        ObjectNode consent = BODIES.body("grantConsent");
        // the largest body, made consistent: a configured bank, four different categories, a validity ahead
        consent.put("uscc", uscc).put("bankId", BANK_ZZ.id()).put("validFrom", "2025-01-01T00:00:00Z")
                .put("validUntil", "9999-12-31T00:00:00Z");
        consent.putArray("categories").add("DEVICE_KPIS").add("CLOUD_ADOPTION").add("DIGITAL_LEVEL").add("SUBSIDIES");
        ((ObjectNode) consent.path("dataPeriod")).put("from", "2024-01-01").put("to", "2024-12-31");
        ((ObjectNode) consent.path("purpose")).put("code", "CREDIT_ASSESSMENT");
        ((ObjectNode) consent.path("fetch")).put("type", "PERIODIC");
        JsonNode artefact = accepted(post(GOV_ZZ, "/api/v1/consents", consent), "grantConsent");
        JsonNode signed = artefact.path("consent");
        assertThat(signed.path("purpose")).isEqualTo(consent.path("purpose"));
        assertThat(signed.path("grantedBy").path("instruction")).isEqualTo(consent.path("instruction"));
        assertThat(signed.path("dataLife")).isEqualTo(consent.path("dataLife"));
        String consentId = artefact.path("consentId").asText();
        ObjectNode revocation = BODIES.body("revokeConsent");
        JsonNode revoked = accepted(post(GOV_ZZ, "/api/v1/consents/" + consentId + "/revocation", revocation),
                "revokeConsent");
        assertThat(revoked.path("status").asText()).isEqualTo("REVOKED");
        assertThat(jdbc.queryForObject("select revoke_reason from consent where consent_id = ?", String.class,
                consentId)).isEqualTo(revocation.path("reason").asText());
    }

    /** Registers the largest service provider of variant n in {@link #COUNTY}; answers its body. */
    ObjectNode provider(int variant) throws Exception {
        ObjectNode body = BODIES.body("registerServiceProvider");
        body.put("uscc", uscc(variant)).put("regionCode", COUNTY);
        accepted(post(GOV_ZZ, "/api/v1/service-providers", body), "registerServiceProvider");
        return body;
    }

    @Test
    void registerServiceProviderAndSubmitProviderFeesAndTheirDecision() throws Exception {
        ObjectNode provider = provider(40);
        String uscc = provider.path("uscc").asText();
        ObjectNode fees = BODIES.body("submitProviderFees");
        fees.put("regionCode", COUNTY);
        JsonNode decision = accepted(post(GOV_ZZ, "/api/v1/service-providers/" + uscc + "/service-fees", fees),
                "submitProviderFees");
        JsonNode view = get(GOV_ZZ, "/api/v1/service-providers/" + uscc);
        assertSameFields(view.path("provider"), provider, "uscc", "name", "category", "regionCode");
        assertThat(view.path("decisions").get(0).path("decisionId").asText())
                .isEqualTo(decision.path("decisionId").asText());
        // the same report again reads the stored one back as equal
        assertThat(post(GOV_ZZ, "/api/v1/service-providers/" + uscc + "/service-fees", fees).status())
                .isEqualTo(200);
    }

    @Test
    void submitChainCaseAndItsDecision() throws Exception {
        String uscc = enterprise(41).path("uscc").asText();
        ObjectNode chainCase = BODIES.body("submitChainCase");
        chainCase.put("uscc", uscc).put("recognisedOn", today());
        JsonNode decision = accepted(post(GOV_ZZ, "/api/v1/chain-cases", chainCase), "submitChainCase");
        assertThat(decision.path("kind").asText()).isEqualTo("CHAIN_CASE");
        // the same case again reads the stored one back as equal
        assertThat(post(GOV_ZZ, "/api/v1/chain-cases", chainCase).status()).isEqualTo(200);
    }

    @Test
    void registerProjectAndItsDiagnosisContractStageAndAnAcceptance() throws Exception {
        String uscc = enterprise(42).path("uscc").asText();
        ObjectNode registration = BODIES.body("registerProject");
        registration.put("uscc", uscc).remove("track");
        ArrayNode specific = (ArrayNode) registration.path("scenarios").path("specific");
        for (int i = 0; i < specific.size(); i++) {
            String scenario = specific.get(i).asText();
            specific.set(i, JSON.getNodeFactory().textNode(scenario.substring(0, scenario.length() - 1) + "0"));
        }
        assertThat(registration.path("scenarios").path("common")).hasSize(30);
        String projectId = accepted(post(GOV_ZZ, "/api/v1/projects", registration), "registerProject")
                .path("projectId").asText();
        List<String> providers = new ArrayList<>();
        for (int variant = 50; variant < 60; variant++) {
            providers.add(provider(variant).path("uscc").asText());
        }
        ObjectNode diagnosis = BODIES.body("recordProjectDiagnosis");
        diagnosis.put("providerUscc", providers.get(0));
        accepted(post(GOV_ZZ, "/api/v1/projects/" + projectId + "/diagnosis", diagnosis), "recordProjectDiagnosis");
        ObjectNode contract = BODIES.body("recordProjectContract");
        ArrayNode contracted = contract.putArray("providers");
        providers.forEach(contracted::add);
        accepted(post(GOV_ZZ, "/api/v1/projects/" + projectId + "/contract", contract), "recordProjectContract");
        ObjectNode stage = BODIES.body("recordProjectStage");
        accepted(post(GOV_ZZ, "/api/v1/projects/" + projectId + "/stages", stage), "recordProjectStage");

        JsonNode stored = get(GOV_ZZ, "/api/v1/projects/" + projectId).path("project");
        assertSameFields(stored, registration, "projectRef", "uscc", "plannedStages", "scenarios");
        assertSameFields(stored.path("diagnosis"), diagnosis, "providerUscc", "cost", "reportedOn");
        assertSameFields(stored.path("contract"), contract, "providers", "amount", "signedOn");
        assertThat(stored.path("stagesStarted").get(0)).isEqualTo(stage);
        // the same facts again read the stored ones back as equal
        assertThat(post(GOV_ZZ, "/api/v1/projects", registration).status()).isEqualTo(200);
        assertThat(post(GOV_ZZ, "/api/v1/projects/" + projectId + "/contract", contract).status()).isEqualTo(200);

        // the largest acceptance (without a track: the project has none) attached to it, and decided
        ObjectNode acceptance = BODIES.body("submitAcceptance");
        acceptance.put("uscc", uscc).put("acceptedOn", today()).put("result", "PASSED")
                .put("serviceProviderUscc", uscc(31)).put("acceptanceId", "P" + acceptance.path("acceptanceId")
                        .asText().substring(1)).put("projectId", projectId).remove("track");
        String recordId = accepted(post(ASSESSOR_ZZ, "/api/v1/acceptances", acceptance), "submitAcceptance")
                .path("recordId").asText();
        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(
                () -> get(ASSESSOR_ZZ, "/api/v1/acceptances/" + recordId),
                v -> "DECIDED".equals(v.path("acceptance").path("status").asText()));
        assertThat(view.path("acceptance").path("projectId").asText()).isEqualTo(projectId);
        assertThat(get(GOV_ZZ, "/api/v1/projects/" + projectId).path("stages").get(0).path("recordId").asText())
                .isEqualTo(recordId);
    }

    @Test
    void replayDeadLetters() throws Exception {
        ObjectNode filter = BODIES.body("replayDeadLetters");
        assertThat(filter.path("target").asText()).hasSize("PARTNER:".length() + 64);
        JsonNode answer = accepted(post(GOV_ZZ, "/api/v1/dead-letters/replay", filter), "replayDeadLetters");
        assertThat(answer.path("replayed").asInt()).isZero();
    }

    @Test
    void registerEnterprise() throws Exception {
        ObjectNode body = enterprise(1);
        assertThat(body.path("tags")).hasSize(20);
        JsonNode stored = get(GOV_ZZ, "/api/v1/enterprises/" + body.path("uscc").asText());
        assertSameFields(stored, body, "uscc", "name", "regionCode", "industryCode", "scale", "pilot", "pilotBatch");
        assertThat(texts(stored.path("tags"))).containsExactlyElementsOf(new TreeSet<>(texts(body.path("tags"))));
        // the same registration again is answered 200, unchanged (the update path stores the same widths)
        accepted(post(GOV_ZZ, "/api/v1/enterprises", body), "registerEnterprise");
    }

    @Test
    void submitLoanAndItsInterestPeriodAndTheirDecision() throws Exception {
        String uscc = enterprise(2).path("uscc").asText();
        ObjectNode loan = BODIES.body("submitLoan");
        loan.put("uscc", uscc).put("startDate", "2025-01-02");
        String loanId = accepted(post(BANK_ZZ, "/api/v1/loans", loan), "submitLoan").path("loanId").asText();
        ObjectNode period = BODIES.body("submitInterestPeriod");
        period.put("periodStart", "2025-01-02").put("outstandingPrincipal", loan.path("principal").asText());
        accepted(post(BANK_ZZ, "/api/v1/loans/" + loanId + "/interest-periods", period), "submitInterestPeriod");

        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> get(BANK_ZZ, "/api/v1/loans/" + loanId),
                v -> v.path("decisions").size() == 1);
        JsonNode stored = view.path("loan");
        assertSameFields(stored, loan, "bankLoanId", "uscc", "product", "startDate", "maturityDate", "contractRate",
                "purpose");
        assertThat(new BigDecimal(stored.path("principal").asText()))
                .isEqualByComparingTo(loan.path("principal").asText());
        JsonNode storedPeriod = view.path("periods").get(0);
        assertSameFields(storedPeriod, period, "periodStart", "periodEnd", "paidOn");
        for (String field : List.of("outstandingPrincipal", "interestPaid")) {
            assertThat(new BigDecimal(storedPeriod.path(field).asText())).as(field)
                    .isEqualByComparingTo(period.path(field).asText());
        }
    }

    @Test
    void submitAssessmentAndAcceptanceAndItsDecisions() throws Exception {
        String uscc = enterprise(3).path("uscc").asText();
        ObjectNode assessment = BODIES.body("submitAssessment");
        assessment.put("uscc", uscc).put("assessedOn", today());
        assertThat(assessment.path("scenarios")).hasSize(16);
        accepted(post(ASSESSOR_ZZ, "/api/v1/assessments", assessment), "submitAssessment");
        JsonNode history = get(ASSESSOR_ZZ, "/api/v1/enterprises/" + uscc + "/levels");
        assertThat(history).hasSize(1);
        JsonNode stored = history.get(0);
        assertSameFields(stored, assessment, "assessmentId", "uscc", "assessedOn", "indexEdition", "level");
        assessment.path("scores").fields().forEachRemaining(score -> assertThat(
                stored.path("scores").path(score.getKey()).decimalValue()).as(score.getKey())
                .isEqualByComparingTo(score.getValue().decimalValue()));
        assertThat(stored.path("scenarios")).isEqualTo(assessment.path("scenarios"));

        ObjectNode acceptance = BODIES.body("submitAcceptance");
        acceptance.put("uscc", uscc).put("acceptedOn", today()).put("result", "PASSED")
                .put("serviceProviderUscc", uscc(30)).remove("projectId");
        assertThat(acceptance.path("spend")).hasSize(8);
        String recordId = accepted(post(ASSESSOR_ZZ, "/api/v1/acceptances", acceptance), "submitAcceptance")
                .path("recordId").asText();
        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(
                () -> get(ASSESSOR_ZZ, "/api/v1/acceptances/" + recordId),
                v -> "DECIDED".equals(v.path("acceptance").path("status").asText()));
        assertThat(view.path("decisions")).isNotEmpty();
        JsonNode storedAcceptance = view.path("acceptance");
        assertSameFields(storedAcceptance, acceptance, "acceptanceId", "uscc", "acceptedOn", "result", "track",
                "serviceProviderUscc");
        for (JsonNode spend : acceptance.path("spend")) {
            assertThat(new BigDecimal(storedAcceptance.path("spend").path(spend.path("category").asText()).asText()))
                    .isEqualByComparingTo(spend.path("amount").asText());
        }
    }

    @Test
    void submitCloudAdoption() throws Exception {
        String uscc = enterprise(4).path("uscc").asText();
        ObjectNode report = BODIES.body("submitCloudAdoption");
        report.put("uscc", uscc).put("reportedOn", today());
        assertThat(report.path("saasApps")).hasSize(200);
        accepted(post(PLATFORM_ZZ, "/api/v1/cloud-adoption", report), "submitCloudAdoption");
        JsonNode stored = get(PLATFORM_ZZ, "/api/v1/cloud-adoption/" + uscc);
        assertSameFields(stored, report, "uscc", "reportedOn", "paymentMode", "saasApps");
        assertThat(stored.path("devicesConnected").asLong()).isEqualTo(report.path("devicesConnected").asLong());
    }

    @Test
    void publishLpr() throws Exception {
        ObjectNode publication = BODIES.body("publishLpr");
        JsonNode table = accepted(post(GOV_ZZ, "/api/v1/lpr", publication), "publishLpr");
        JsonNode entry = find(get(GOV_ZZ, "/api/v1/lpr"), "effectiveFrom", publication.path("effectiveFrom").asText());
        assertThat(new BigDecimal(entry.path("oneYear").asText()))
                .isEqualByComparingTo(publication.path("oneYear").asText());
        assertThat(new BigDecimal(entry.path("fiveYear").asText()))
                .isEqualByComparingTo(publication.path("fiveYear").asText());
        assertThat(find(table, "effectiveFrom", publication.path("effectiveFrom").asText())).isEqualTo(entry);
        // the source is not in the view; it is kept with the publication
        assertThat(jdbc.queryForObject("select source from lpr_publication where effective_from = ?", String.class,
                java.sql.Date.valueOf(publication.path("effectiveFrom").asText())))
                .isEqualTo(publication.path("source").asText());
    }

    @Test
    void registerDevices() throws Exception {
        String uscc = enterprise(5).path("uscc").asText();
        ObjectNode registration = BODIES.body("registerDevices");
        assertThat(registration.path("devices")).hasSize(500);
        JsonNode answer = accepted(post(GOV_ZZ, "/api/v1/enterprises/" + uscc + "/devices", registration),
                "registerDevices");
        List<JsonNode> sent = new ArrayList<>();
        registration.path("devices").forEach(sent::add);
        sent.sort(java.util.Comparator.comparing(d -> d.path("deviceId").asText()));
        assertThat(answer).hasSize(500);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(answer.get(i)).isEqualTo(sent.get(i));
        }
    }

    @Test
    void submitRegionSummary() throws Exception {
        ObjectNode summary = BODIES.body("submitRegionSummary");
        JsonNode progress = get(GOV_ZZ, "/api/v1/progress/" + COUNTY);
        summary.put("regionCode", COUNTY).set("summary", progress);
        JsonNode answer = accepted(post(CHILD_HUB, "/api/v1/federation/summaries", summary), "submitRegionSummary");
        assertThat(answer.path("applied").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("select hub_id from region_summary where region_code = ?", String.class,
                COUNTY)).isEqualTo(CHILD_HUB.id());
        assertThat(jdbc.queryForObject("select as_of from region_summary where region_code = ?",
                java.sql.Timestamp.class, COUNTY).toInstant())
                .isEqualTo(OffsetDateTime.parse(summary.path("asOf").asText()).toInstant().truncatedTo(MICROS));
        assertThat(JSON.readTree(jdbc.queryForObject("select summary from region_summary where region_code = ?",
                String.class, COUNTY))).isEqualTo(progress);
    }

    @Test
    void batchesOfTheLargestRecords() throws Exception {
        String uscc = enterprise(6).path("uscc").asText();
        ObjectNode loan = BODIES.schema("loans", "LoanSubmission", 7);  // another bankLoanId than submitLoan's
        loan.put("uscc", uscc).put("startDate", "2025-01-02");
        ObjectNode period = BODIES.schema("loans", "InterestPeriodSubmission", 0);
        period.put("periodStart", "2025-01-02").put("outstandingPrincipal", loan.path("principal").asText())
                .put("recordType", "INTEREST_PERIOD").put("bankLoanId", loan.path("bankLoanId").asText());
        String loanBatch = loan + "\n" + period + "\n";
        String loanJob = accepted(SignedCall.post(base(), "/api/v1/loan-batches", loanBatch)
                .contentType("application/x-ndjson").by(BANK_ZZ.signer()).send(), "submitLoanBatch")
                .path("jobId").asText();

        ObjectNode report = BODIES.body("submitCloudAdoption");
        report.put("uscc", uscc).put("reportedOn", today());
        // a line rejected with the most violations the checker reports (50), each quoting a 1000-character field name
        ObjectNode rejected = report.deepCopy();
        rejected.path("saasApps").forEach(app -> ((ObjectNode) app).put("x".repeat(1000) + "'\"", 1));
        String cloudJob = accepted(SignedCall.post(base(), "/api/v1/cloud-adoption-batches",
                        report + "\n" + rejected + "\n").contentType("application/x-ndjson").by(PLATFORM_ZZ.signer())
                .send(), "submitCloudAdoptionBatch").path("jobId").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> get(BANK_ZZ, "/api/v1/loan-batches/" + loanJob),
                job -> "DONE".equals(job.path("status").asText()));
        assertThat(results(BANK_ZZ, "/api/v1/loan-batches/" + loanJob + "/results"))
                .containsExactly("ACCEPTED", "ACCEPTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> get(PLATFORM_ZZ, "/api/v1/cloud-adoption-batches/"
                + cloudJob), job -> "DONE".equals(job.path("status").asText()));
        List<String> cloudResults = results(PLATFORM_ZZ, "/api/v1/cloud-adoption-batches/" + cloudJob + "/results");
        assertThat(cloudResults).hasSize(2);
        assertThat(cloudResults.get(0)).isEqualTo("ACCEPTED");
        assertThat(cloudResults.get(1)).startsWith("REJECTED [{\"code\":\"field-unknown\",\"pointer\":\"/saasApps/0/xxx");
        assertThat(get(PLATFORM_ZZ, "/api/v1/cloud-adoption/" + uscc).path("saasApps"))
                .isEqualTo(report.path("saasApps"));
    }

    List<String> results(TestPartner partner, String path) throws Exception {
        Reply reply = SignedCall.get(base(), path).by(partner.signer()).send();
        List<String> statuses = new ArrayList<>();
        for (String line : new String(reply.response().body(), StandardCharsets.UTF_8).split("\n")) {
            JsonNode result = JSON.readTree(line);
            statuses.add(result.path("status").asText() + (result.has("errors") ? " " + result.get("errors") : ""));
        }
        return statuses;
    }

    /** The stored fields read back as sent (compared as text; arrays and objects as JSON). */
    static void assertSameFields(JsonNode stored, JsonNode sent, String... fields) {
        for (String field : fields) {
            JsonNode value = sent.path(field);
            assertThat(value.isMissingNode()).as(field + " sent").isFalse();
            assertThat(value.isContainerNode() ? stored.path(field).toString() : stored.path(field).asText()).as(field)
                    .isEqualTo(value.isContainerNode() ? value.toString() : value.asText());
        }
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + " = " + value + " in " + array);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
