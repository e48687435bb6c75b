package cn.smedt.hub.kernel;

import cn.smedt.api.contract.ContractCatalog;
import cn.smedt.api.contract.ContractOperation;
import cn.smedt.api.contract.Violation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Checks a request against its OpenAPI operation (api-specs) and turns violations into problems. */
@Component
public class ContractCheck {

    /** Decimal numbers (assessment scores) stay exact: BigDecimal nodes, never binary doubles. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final ContractCatalog catalog;

    ContractCheck(ContractCatalog catalog) {
        this.catalog = catalog;
    }

    /** The operation a request calls, with its path and query parameters ({@code rawQuery} may be null). */
    public Optional<ContractOperation> operation(String method, String path, String rawQuery) {
        return catalog.match(method, path, rawQuery);
    }

    /** Validates the body and returns it parsed (a missing node for non-JSON or empty bodies). */
    public JsonNode validate(ContractOperation operation, String contentType, byte[] body) {
        List<Violation> violations = catalog.validate(operation, contentType, body);
        if (!violations.isEmpty()) {
            throw toProblem(violations);
        }
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase();
        if (body.length == 0 || !operation.acceptsJson(mediaType)) {
            // not a JSON document (e.g. NDJSON or CSV batches): the flow gets the raw bytes
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw ProblemException.field(ProblemCode.JSON_MALFORMED, "", e.getMessage());
        }
    }

    /**
     * Validates a record that did not come through HTTP (a line of a batch upload) as the JSON body of the
     * operation at {@code method path}; returns it when valid, else throws the same problem a single request gets.
     */
    public JsonNode validateBody(String method, String path, JsonNode record) {
        ContractOperation operation = catalog.match(method, path).orElseThrow(() ->
                new ProblemException(ProblemCode.OPERATION_UNKNOWN, method + " " + path + " is in no contract"));
        try {
            return validate(operation, "application/json", JSON.writeValueAsBytes(record));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemException.field(ProblemCode.JSON_MALFORMED, "", e.getOriginalMessage());
        }
    }

    private static ProblemException toProblem(List<Violation> violations) {
        List<FieldError> errors = violations.stream()
                .sorted(Comparator.comparing(Violation::pointer).thenComparing(Violation::code))
                .map(v -> new FieldError(v.code(), v.pointer(), v.detail()))
                .toList();
        FieldError first = errors.get(0);
        ProblemCode code = switch (first.code()) {
            case "media-type-unsupported" -> ProblemCode.MEDIA_TYPE_UNSUPPORTED;
            case "json-malformed" -> ProblemCode.JSON_MALFORMED;
            case "json-too-deep" -> ProblemCode.JSON_TOO_DEEP;
            default -> ProblemCode.VALIDATION_FAILED;
        };
        String detail = errors.size() == 1 ? first.detail() : errors.size() + " fields do not match the contract";
        return new ProblemException(code, detail, errors);
    }
}
