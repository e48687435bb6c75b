package cn.smedt.api.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One operation of a contract, as matched for a request.
 *
 * @param specName            the contract file (without .yaml), e.g. "loans"
 * @param operationId         the OpenAPI operationId; the hub serves it with the handler of that id
 * @param method              upper-case HTTP method
 * @param pathTemplate        full path template including the server prefix, e.g. /api/v1/loans/{loanId}
 * @param pathParams          the path parameters of the matched request (empty on the template itself)
 * @param scope               the partner scope needed ({@code x-scope}), or null when any partner may call
 * @param regionRule          where the region is read from ({@code x-region}), or null
 * @param write               true for POST, PUT, PATCH and DELETE (these need an Idempotency-Key)
 * @param requestContentTypes media types of the request body, empty when the operation takes none
 * @param bodySchema          JSON schema of a JSON body (may be a $ref into the spec), or null
 * @param pathParamSchemas    schema per path parameter name
 * @param queryParams         the query parameters of the matched request, decoded, each with every value given
 *                            (empty on the template itself)
 * @param queryParamSchemas   schema per declared query parameter name
 * @param requiredQueryParams names of the query parameters declared {@code required: true}
 */
public record ContractOperation(String specName, String operationId, String method, String pathTemplate,
                                Map<String, String> pathParams, String scope, RegionRule regionRule, boolean write,
                                List<String> requestContentTypes, JsonNode bodySchema,
                                Map<String, JsonNode> pathParamSchemas, Map<String, List<String>> queryParams,
                                Map<String, JsonNode> queryParamSchemas, List<String> requiredQueryParams) {

    ContractOperation withRequest(Map<String, String> path, Map<String, List<String>> query) {
        return new ContractOperation(specName, operationId, method, pathTemplate, Map.copyOf(path), scope,
                regionRule, write, requestContentTypes, bodySchema, pathParamSchemas, Map.copyOf(query),
                queryParamSchemas, requiredQueryParams);
    }

    /** The (first) value of a query parameter of the request, or null when it was not given. */
    public String queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** True when the body is JSON (validated against {@link #bodySchema()}). */
    public boolean acceptsJson(String mediaType) {
        return mediaType != null && (mediaType.equals("application/json") || mediaType.endsWith("+json"));
    }
}
