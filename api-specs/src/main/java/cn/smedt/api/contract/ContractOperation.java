package cn.smedt.api.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One operation of a contract, as matched for a request.
 *
 * @param specName            the contract file (without .yaml), e.g. "loans"
 * @param operationId         the OpenAPI operationId; the hub serves it with the Camel route of that id
 * @param method              upper-case HTTP method
 * @param pathTemplate        full path template including the server prefix, e.g. /api/v1/loans/{loanId}
 * @param pathParams          the path parameters of the matched request (empty on the template itself)
 * @param scope               the partner scope needed ({@code x-scope}), or null when any partner may call
 * @param regionRule          where the region is read from ({@code x-region}), or null
 * @param write               true for POST, PUT, PATCH and DELETE (these need an Idempotency-Key)
 * @param requestContentTypes media types of the request body, empty when the operation takes none
 * @param bodySchema          JSON schema of a JSON body (may be a $ref into the spec), or null
 * @param pathParamSchemas    schema per path parameter name
 */
public record ContractOperation(String specName, String operationId, String method, String pathTemplate,
                                Map<String, String> pathParams, String scope, RegionRule regionRule, boolean write,
                                List<String> requestContentTypes, JsonNode bodySchema,
                                Map<String, JsonNode> pathParamSchemas) {

    ContractOperation withPathParams(Map<String, String> values) {
        return new ContractOperation(specName, operationId, method, pathTemplate, Map.copyOf(values), scope,
                regionRule, write, requestContentTypes, bodySchema, pathParamSchemas);
    }

    /** True when the body is JSON (validated against {@link #bodySchema()}). */
    public boolean acceptsJson(String mediaType) {
        return mediaType != null && (mediaType.equals("application/json") || mediaType.endsWith("+json"));
    }
}
