package cn.smedt.hub.kernel;

import cn.smedt.api.contract.ContractCatalog;
import cn.smedt.api.contract.ContractOperation;
import cn.smedt.api.contract.Violation;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Checks a request against its OpenAPI operation (api-specs) and turns violations into problems. */
@Component
public class ContractCheck {

    private final ContractCatalog catalog;

    ContractCheck(ContractCatalog catalog) {
        this.catalog = catalog;
    }

    /** The operation a request calls, with its path and query parameters ({@code rawQuery} may be null). */
    public Optional<ContractOperation> operation(String method, String path, String rawQuery) {
        return catalog.match(method, path, rawQuery);
    }

    /**
     * Validates the request and returns its body as the check parsed it (the only parse of an HTTP body; decimals
     * exact); a missing node for non-JSON (NDJSON, CSV batches) or empty bodies.
     */
    public JsonNode validate(ContractOperation operation, String contentType, byte[] body) {
        ContractCatalog.Checked checked = catalog.check(operation, contentType, body);
        if (!checked.violations().isEmpty()) {
            throw toProblem(checked.violations());
        }
        return checked.body();
    }

    /**
     * Validates a record that did not come through HTTP (a line of a batch upload) as the JSON body of the
     * operation at {@code method path}; returns it when valid, else throws the same problem a single request gets.
     */
    public JsonNode validateBody(String method, String path, JsonNode record) {
        ContractOperation operation = catalog.match(method, path).orElseThrow(() ->
                new ProblemException(ProblemCode.OPERATION_UNKNOWN, method + " " + path + " is in no contract"));
        ContractCatalog.Checked checked = catalog.check(operation, record);
        if (!checked.violations().isEmpty()) {
            throw toProblem(checked.violations());
        }
        return checked.body();
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
