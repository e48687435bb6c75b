package cn.smedt.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI 3.0 schema rules of the validator that the shipped contracts do not use (yet). */
class ContractSchemasTest {

    private static final String THING = """
            openapi: 3.0.3
            info: { title: things, version: 1.0.0 }
            paths:
              /things:
                post:
                  operationId: addThing
                  requestBody:
                    content:
                      application/json:
                        schema: { $ref: '#/components/schemas/Thing' }
            components:
              schemas:
                Thing:
                  type: object
                  additionalProperties: false
                  x-owner: team-a
                  properties:
                    id: { type: string, readOnly: true }
                    name: { type: string, nullable: true, maxLength: 3 }
                    note: { type: string, readOnly: false }
                    secret: { type: string, writeOnly: true }
                    size: { type: integer }
                    labels: { type: object, additionalProperties: { type: string } }
            """;

    @Test
    void nullableAcceptsNullAndOnlyWhereDeclared(@TempDir Path dir) throws IOException {
        ContractCatalog catalog = catalog(dir, THING);

        assertThat(violations(catalog, "{\"name\":null}")).isEmpty();
        assertThat(violations(catalog, "{\"size\":null}")).containsExactly("field-type /size");
        assertThat(violations(catalog, "{\"name\":\"long\"}")).containsExactly("field-length /name");
    }

    @Test
    void aReadOnlyPropertyIsNotAFieldOfARequestAndAWriteOnlyOneIs(@TempDir Path dir) throws IOException {
        ContractCatalog catalog = catalog(dir, THING);

        assertThat(violations(catalog, "{\"id\":\"T-1\"}")).containsExactly("field-unknown /id");
        assertThat(violations(catalog, "{\"note\":\"n\",\"secret\":\"s\"}")).isEmpty();
    }

    @Test
    void anIntegerIsWholeAsInOpenApi30(@TempDir Path dir) throws IOException {
        ContractCatalog catalog = catalog(dir, THING);

        assertThat(violations(catalog, "{\"size\":3}")).isEmpty();
        assertThat(violations(catalog, "{\"size\":3.0}")).containsExactly("field-type /size");
    }

    @Test
    void pointersAreRfc6901WhateverTheFieldName(@TempDir Path dir) throws IOException {
        ContractCatalog catalog = catalog(dir, THING);

        assertThat(violations(catalog, "{\"labels\":{\"a/b~\\n\":1},\"x/y\":1}"))
                .containsExactlyInAnyOrder("field-type /labels/a~1b~0\n", "field-unknown /x~1y");
    }

    @Test
    void aFormatTheCheckerDoesNotEnforceFailsToLoad(@TempDir Path dir) throws IOException {
        ContractCatalogTest.assertLoadFails(dir, THING.replace("maxLength: 3", "format: email"), "format \"email\"");
    }

    @Test
    void aReferenceToNothingFailsToLoad(@TempDir Path dir) throws IOException {
        ContractCatalogTest.assertLoadFails(dir, THING.replace("schemas/Thing'", "schemas/Nothing'"),
                "/components/schemas/Nothing");
        ContractCatalogTest.assertLoadFails(dir, THING.replace("'#/components/schemas/Thing'",
                "'other.yaml#/components/schemas/Thing'"), "other.yaml");
        ContractCatalogTest.assertLoadFails(dir, THING.replace("'#/components/schemas/Thing'", "'common.yaml'"),
                "has no #fragment");
    }

    private static List<String> violations(ContractCatalog catalog, String body) {
        ContractOperation op = catalog.match("POST", "/things").orElseThrow();
        return catalog.validate(op, "application/json", body.getBytes(StandardCharsets.UTF_8)).stream()
                .map(v -> v.code() + " " + v.pointer()).toList();
    }

    private static ContractCatalog catalog(Path dir, String yaml) throws IOException {
        try (URLClassLoader loader = ContractCatalogTest.contracts(dir, "things", yaml)) {
            return ContractCatalog.load(loader);
        }
    }
}
