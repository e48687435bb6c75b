package cn.smedt.hub.consent;

import static cn.smedt.hub.consent.ConsentFixture.USCC;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.contract.ContractCatalog;
import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Without a consent a bank reads none of an enterprise's device, cloud, digital-level or subsidy data: every read
 * operation of the contracts is listed here with what a bank holding EVERY read scope gets from it (a new read
 * operation fails {@link #everyReadOperationIsListed} until it is classified). The enterprise-data reads refuse
 * banks ({@code partner-type-denied}); the others answer a bank's own records, registration data, policies or
 * region aggregates; the enterprise's data go to a bank only through fetchCreditProfile (ConsentIT).
 */
@HubIT
class BankReadPathsIT {

    /** A bank configured with every read scope of the contracts (more than any real bank gets). */
    static final TestPartner GREEDY_BANK = new TestPartner("bank-greedy", "BANK", "410100",
            "enterprises:read,loans:read,assessments:read,cloud:read,cloud:write,devices:read,policies:read,"
                    + "progress:read,consents:read,consents:fetch", SignatureAlgorithm.SM2_SM3,
            PemKeys.generate(SignatureAlgorithm.SM2_SM3));

    /** Every read (GET) operation and what it answers a bank. */
    static final Map<String, String> READS = new TreeMap<>(Map.ofEntries(
            // the enterprise's production and operating data: refused to banks
            Map.entry("getDeviceKpis", "refused"),
            Map.entry("getCloudAdoption", "refused"),
            Map.entry("getLevelHistory", "refused"),
            // an acceptance (spend, subsidy decisions): only its assessor or a government platform sees it
            Map.entry("getAcceptance", "not visible"),
            // registration data only (name, region, industry, scale, pilot): no device, cloud, level or subsidy data
            Map.entry("getEnterprise", "registration"),
            // the bank's own records
            Map.entry("getLoan", "own"),
            Map.entry("getLoanBatch", "own"),
            Map.entry("getLoanBatchResults", "own"),
            Map.entry("getCloudAdoptionBatch", "own"),
            Map.entry("getCloudAdoptionBatchResults", "own"),
            Map.entry("listLoanDecisions", "own"),
            Map.entry("getLoanStatement", "own"),
            // registration data of the packs' imports in the partner's regions (USCC, field, value of a refusal)
            Map.entry("listPackImports", "registration"),
            // service providers and their subsidies: providers:read, a government scope, never a bank's
            Map.entry("getServiceProvider", "government"),
            // transformation projects: projects:read, a government scope, and only government partners see them
            Map.entry("getProject", "government"),
            Map.entry("listProjects", "government"),
            // policies and region aggregates, no enterprise's figures
            Map.entry("listPolicies", "public"),
            Map.entry("listIndustries", "public"),
            Map.entry("getLprTable", "public"),
            Map.entry("getProgress", "aggregates"),
            // operators only (operations:admin is never a bank's scope)
            Map.entry("listDeadLetters", "operator"),
            Map.entry("verifyAuditLog", "operator"),
            // the partner registry: partners:admin, the operator's partners only (configured, never onboarded)
            Map.entry("getPartner", "operator"),
            Map.entry("listPartners", "operator"),
            // under a consent
            Map.entry("getConsent", "consent"),
            Map.entry("listConsents", "consent"),
            Map.entry("fetchCreditProfile", "consent")));

    @HubIT.Settings
    static void node(HubNode node) {
        ConsentFixture.partners(node).extraPartner(GREEDY_BANK);
    }

    @LocalServerPort
    int port;

    @Test
    void everyReadOperationIsListed() {
        Set<String> reads = new TreeSet<>();
        for (ContractOperation operation : ContractCatalog.loadDefault().operations()) {
            if (operation.method().equals("GET")) {
                reads.add(operation.operationId());
            }
        }
        assertThat(reads).isEqualTo(READS.keySet());
    }

    @Test
    void aBankReadsNoEnterpriseDataWithoutConsent() throws Exception {
        String base = HubNode.url(port);
        ConsentFixture.register(base, USCC);
        for (String path : new String[] {"/api/v1/enterprises/" + USCC + "/device-kpis",
                "/api/v1/cloud-adoption/" + USCC, "/api/v1/enterprises/" + USCC + "/levels"}) {
            Reply reply = SignedCall.get(base, path).by(GREEDY_BANK.signer()).send();
            assertThat(reply.status()).as(path).isEqualTo(403);
            assertThat(reply.problemCode()).as(path).isEqualTo("partner-type-denied");
        }
        Reply acceptance = SignedCall.get(base, "/api/v1/acceptances/AC0000000000000000000000a1")
                .by(GREEDY_BANK.signer()).send();
        assertThat(acceptance.problemCode()).isIn("acceptance-not-found", "validation-failed");
        Reply enterprise = SignedCall.get(base, "/api/v1/enterprises/" + USCC).by(GREEDY_BANK.signer()).send();
        assertThat(enterprise.status()).isEqualTo(200);
        Set<String> fields = new TreeSet<>();
        enterprise.json().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isSubsetOf("uscc", "name", "regionCode", "industryCode", "scale", "tags", "pilot",
                "pilotBatch", "registeredBy", "registeredAt", "updatedAt");
        Reply consents = SignedCall.get(base, "/api/v1/enterprises/" + USCC + "/consents").by(GREEDY_BANK.signer())
                .send();
        assertThat(consents.problemCode()).as("a bank does not list an enterprise's consents")
                .isEqualTo("enterprise-not-found");
        JsonNode progress = SignedCall.get(base, "/api/v1/progress/410181").by(GREEDY_BANK.signer()).send().json();
        assertThat(progress.toString()).doesNotContain(USCC);
    }
}
