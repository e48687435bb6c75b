package cn.smedt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The SDK covers every partner contract of the hub's catalogue (api-specs .../openapi/catalog.txt): a contract added
 * there without an execution in sdk/pom.xml fails here. federation.yaml is hub to hub, common.yaml has no paths.
 */
class SdkCoverageTest {

    private static final Set<String> NOT_FOR_PARTNERS = Set.of("common", "federation");

    @Test
    void everyPartnerContractOfTheCatalogueIsGenerated() throws IOException {
        List<String> catalogue = Files.readAllLines(
                Path.of("../api-specs/src/main/resources/openapi/catalog.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .filter(contract -> !NOT_FOR_PARTNERS.contains(contract)).toList();
        String pom = Files.readString(Path.of("pom.xml"));
        Set<String> generated = Pattern.compile("<inputSpec>\\$\\{sdk\\.contracts}/([a-z-]+)\\.yaml</inputSpec>")
                .matcher(pom).results().map(match -> match.group(1)).collect(Collectors.toSet());
        assertThat(generated).containsExactlyInAnyOrderElementsOf(catalogue);
    }
}
