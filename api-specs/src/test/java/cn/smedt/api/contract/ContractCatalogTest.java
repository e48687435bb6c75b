package cn.smedt.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractCatalogTest {

    private static final ContractCatalog CATALOG = ContractCatalog.loadDefault();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void servesThePartnerContractsAndTheirSharedDefinitions() {
        assertThat(CATALOG.specNames()).containsExactly("common", "enterprises", "loans", "assessments",
                "cloud-adoption", "policies", "operations", "devices", "progress", "federation", "consents", "partners",
                "projects");
        assertThat(CATALOG.specText("loans")).contains("operationId: submitLoan");
    }

    @Test
    void matchesTemplatesAndDecodesPathParameters() {
        ContractOperation period = CATALOG.match("post", "/api/v1/loans/LN0123456789abcdef01234567/interest-periods")
                .orElseThrow();
        assertThat(period.operationId()).isEqualTo("submitInterestPeriod");
        assertThat(period.pathParams()).containsEntry("loanId", "LN0123456789abcdef01234567");
        assertThat(period.write()).isTrue();
        assertThat(period.scope()).isEqualTo("loans:write");

        ContractOperation enterprise = CATALOG.match("GET", "/api/v1/enterprises/91410000170001401D").orElseThrow();
        assertThat(enterprise.operationId()).isEqualTo("getEnterprise");
        assertThat(enterprise.write()).isFalse();
        assertThat(CATALOG.match("GET", "/api/v1/enterprises/91410000170001401D/levels").orElseThrow()
                .operationId()).isEqualTo("getLevelHistory");
        assertThat(CATALOG.match("DELETE", "/api/v1/enterprises")).isEmpty();
        assertThat(CATALOG.match("GET", "/api/v1/nothing-here")).isEmpty();
    }

    @Test
    void decodesQueryParametersAndKeepsAPlusSign() {
        ContractOperation list = CATALOG.match("GET", "/api/v1/dead-letters",
                "limit=20&target=PARTNER%3Abank-zz&failedAfter=2026-01-01T08:00:00+08:00&flag").orElseThrow();

        assertThat(list.operationId()).isEqualTo("listDeadLetters");
        assertThat(list.queryParam("limit")).isEqualTo("20");
        assertThat(list.queryParam("target")).isEqualTo("PARTNER:bank-zz");
        assertThat(list.queryParam("failedAfter")).isEqualTo("2026-01-01T08:00:00+08:00");
        assertThat(list.queryParam("offset")).isNull();
        assertThat(CATALOG.validate(list, null, new byte[0])).extracting(v -> v.code() + " " + v.pointer())
                .containsExactly("query-parameter-unknown #/query/flag");
        assertThat(CATALOG.match("GET", "/api/v1/dead-letters").orElseThrow().queryParams()).isEmpty();
    }

    @Test
    void aQueryParameterOfAnObjectTypeFailsToLoad(@TempDir Path dir) throws IOException {
        assertLoadFails(dir, """
                openapi: 3.0.3
                info: { title: bad, version: 1.0.0 }
                paths:
                  /things:
                    get:
                      operationId: listThings
                      parameters:
                        - { name: where, in: query, schema: { type: object } }
                """, "query parameter where");
    }

    @Test
    void regionRulesComeFromXRegion() {
        assertThat(CATALOG.match("POST", "/api/v1/enterprises").orElseThrow().regionRule())
                .isEqualTo(new RegionRule("/regionCode", null));
        assertThat(CATALOG.match("POST", "/api/v1/loans").orElseThrow().regionRule())
                .isEqualTo(new RegionRule(null, "/uscc"));
    }

    @Test
    void everyOperationNamesItsScopeAndEveryWriteTakesAnIdempotencyKey() {
        assertThat(CATALOG.operations()).hasSizeGreaterThanOrEqualTo(14).allSatisfy(op -> {
            assertThat(op.scope()).as(op.operationId()).isNotBlank();
            if (op.write()) {
                assertThat(CATALOG.specText(op.specName())).as(op.operationId())
                        .contains("common.yaml#/components/parameters/IdempotencyKey");
            }
        });
    }

    @Test
    void deeplyNestedJsonIsRefusedBeforeItIsParsedIntoATree() {
        ContractOperation op = CATALOG.match("POST", "/api/v1/enterprises").orElseThrow();
        String deep = "[".repeat(ContractCatalog.MAX_DEPTH + 1) + "]".repeat(ContractCatalog.MAX_DEPTH + 1);
        assertThat(CATALOG.validate(op, "application/json", deep.getBytes(StandardCharsets.UTF_8)))
                .extracting(Violation::code).containsExactly("json-too-deep");
    }

    @Test
    void aContractUsingAKeywordTheCheckerDoesNotEnforceFailsToLoad(@TempDir Path dir) throws IOException {
        assertLoadFails(dir, """
                openapi: 3.0.3
                info: { title: bad, version: 1.0.0 }
                paths:
                  /things:
                    post:
                      operationId: addThing
                      requestBody:
                        content:
                          application/json:
                            schema:
                              type: object
                              properties:
                                name: { type: string, oneOf: [ { maxLength: 3 } ] }
                """, "oneOf");
    }

    /** A catalog of the one contract {@code yaml} does not load, for a reason that names {@code why}. */
    static void assertLoadFails(Path dir, String yaml, String why) throws IOException {
        try (URLClassLoader loader = contracts(dir, "bad", yaml)) {
            assertThatThrownBy(() -> ContractCatalog.load(loader)).isInstanceOf(ContractDefinitionException.class)
                    .hasMessageContaining(why);
        }
    }

    /** A class loader whose catalog is the one contract {@code name}.yaml written in {@code dir}. */
    static URLClassLoader contracts(Path dir, String name, String yaml) throws IOException {
        Path openapi = Files.createDirectories(dir.resolve("openapi"));
        Files.writeString(openapi.resolve("catalog.txt"), name + "\n");
        Files.writeString(openapi.resolve(name + ".yaml"), yaml);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    @Test
    void aParsedRecordIsCheckedAsItsBytesWouldBe() throws IOException {
        ContractOperation loans = CATALOG.match("POST", "/api/v1/loans").orElseThrow();
        String deep = "{\"uscc\":" + "[".repeat(ContractCatalog.MAX_DEPTH) + "1" + "]".repeat(ContractCatalog.MAX_DEPTH)
                + "}";
        for (String record : new String[] {
                "{\"uscc\":\"91410181MA9G5KQ3XB\",\"bankLoanId\":\"L-1\",\"product\":\"DIGITAL_LOAN\","
                        + "\"principal\":\"1000000.00\",\"startDate\":\"2024-03-01\",\"maturityDate\":\"2025-03-01\"}",
                "{\"uscc\":12,\"principal\":1.5,\"extra\":true}",
                "{}",
                deep}) {
            var fromBytes = CATALOG.check(loans, "application/json", record.getBytes(StandardCharsets.UTF_8));
            var fromTree = CATALOG.check(loans, JSON.readTree(record));
            assertThat(fromTree.violations()).as(record).isEqualTo(fromBytes.violations());
        }
        assertThat(CATALOG.check(loans, JSON.readTree(deep)).violations())
                .extracting(Violation::code).containsExactly("json-too-deep");
    }
}
