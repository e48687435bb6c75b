package cn.smedt.hub.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.api.contract.ContractCatalog;
import cn.smedt.api.contract.ContractOperation;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator of the largest valid bodies, without a hub: what it makes is valid and as large as allowed. */
class LargestValidBodiesTest {

    static final ContractCatalog CATALOG = ContractCatalog.loadDefault();
    static final LargestValidBodies BODIES = new LargestValidBodies(CATALOG);

    @Test
    void longestMatchesOfTheContractPatterns() {
        assertThat(LargestValidBodies.longestMatch("^[A-Z][A-Z0-9_-]{1,39}$", 0, null, 0, "Code")).hasSize(40);
        assertThat(LargestValidBodies.longestMatch("^(0|[1-9][0-9]{0,13})\\.[0-9]{2}$", 0, null, 0, "Money"))
                .isEqualTo("99999999999999.99");
        assertThat(LargestValidBodies.longestMatch("^([0-9]{6}|X[A-Z0-9]{2,15})$", 0, null, 0, "RegionCode"))
                .hasSize(16).startsWith("XZ");
        assertThat(LargestValidBodies.longestMatch("^[0-9]{1,2}(\\.[0-9]{1,4})?$", 0, null, 0, "Rate"))
                .isEqualTo("99.9999");
        assertThat(LargestValidBodies.longestMatch("^[\\x21-\\x7E]+$", 8, 128, 0, "key")).hasSize(128);
        assertThat(LargestValidBodies.longestMatch("^[A-Za-z0-9_.-]{1,64}$", 0, null, 0, "id")).hasSize(64);
        Set<String> variants = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            variants.add(LargestValidBodies.longestMatch("^[A-Za-z0-9_.-]{1,64}$", 0, null, i, "id"));
        }
        assertThat(variants).hasSize(200);
    }

    @Test
    void anUnboundedPatternIsAContractDefect() {
        assertThatThrownBy(() -> LargestValidBodies.longestMatch("^[a-z]+$", 0, null, 0, "/x"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("unbounded");
    }

    @Test
    void everyJsonWriteHasABoundedLargestBodyThatKeepsItsContract() {
        assertThat(BODIES.jsonWrites()).contains("registerEnterprise", "submitLoan", "submitInterestPeriod",
                "submitAssessment", "submitAcceptance", "submitCloudAdoption", "publishLpr", "registerDevices",
                "submitRegionSummary");
        for (String operationId : BODIES.jsonWrites()) {
            ContractOperation op = BODIES.operation(operationId);
            JsonNode body = BODIES.body(operationId);
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            ContractOperation withParams = op.pathTemplate().contains("{")
                    ? CATALOG.match(op.method(), op.pathTemplate().replace("{loanId}", "LN0123456789abcdef01234567")
                            .replace("{uscc}", "91410181MA40A0010C")
                            .replace("{consentId}", "CN0123456789abcdef01234567")
                            .replace("{partnerId}", "bank-zzrc").replace("{keyId}", "bank-zzrc-key-1")
                            .replace("{projectId}", "PJ0123456789abcdef01234567")).orElseThrow()
                    : op;
            assertThat(CATALOG.validate(withParams, "application/json", bytes)).as(operationId).isEmpty();
            assertThat(bytes.length).as(operationId + " fits the 1 MB body limit").isLessThan(1024 * 1024);
        }
        JsonNode enterprise = BODIES.body("registerEnterprise");
        assertThat(enterprise.path("tags")).hasSize(20);
        enterprise.path("tags").forEach(tag -> assertThat(tag.asText()).hasSize(40));
        assertThat(enterprise.path("name").asText().codePointCount(0, enterprise.path("name").asText().length()))
                .isEqualTo(100);
        assertThat(BODIES.body("submitCloudAdoption").path("saasApps")).hasSize(200);
    }
}
