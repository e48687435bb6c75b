package cn.smedt.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden scenarios, one file each under fixtures/contract: "a client sends this request, the contract check
 * reports exactly these violations (code and pointer)". An empty expectation means the request is valid.
 */
class ContractFixturesTest {

    private static final ContractCatalog CATALOG = ContractCatalog.loadDefault();
    private static final YAMLMapper YAML = new YAMLMapper();

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(ContractFixturesTest.class.getResource("/fixtures/contract").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(20);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void requestGetsExactlyTheExpectedViolations(Path fixture) throws IOException {
        JsonNode scenario = YAML.readTree(fixture.toFile());
        JsonNode request = scenario.path("request");
        ContractOperation operation = CATALOG.match(request.path("method").asText(), request.path("path").asText(),
                        request.path("query").asText(null))
                .orElseThrow(() -> new AssertionError(fixture + ": no operation for " + request));
        String contentType = request.path("contentType").asText(null);
        byte[] body = request.path("body").asText("").getBytes(StandardCharsets.UTF_8);

        List<Violation> violations = CATALOG.validate(operation, contentType, body);

        List<String> expected = new ArrayList<>();
        scenario.path("expect").forEach(v -> expected.add(v.path("code").asText() + " " + v.path("pointer").asText()));
        assertThat(violations).as(scenario.path("scenario").asText())
                .allSatisfy(v -> assertThat(v.detail()).isNotBlank())
                .extracting(v -> v.code() + " " + v.pointer())
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
