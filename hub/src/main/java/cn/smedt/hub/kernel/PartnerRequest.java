package cn.smedt.hub.kernel;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.RecordRegions.RecordRegion;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * One partner call as its handler ({@link PartnerOperation}) sees it, after the gateway: the verified partner, the
 * operation, its path and query parameters, and the body, parsed once (by the contract check) and bound on demand
 * into the request model generated from the contract ({@code cn.smedt.api.model}). The region of the record and
 * the enterprise it names are resolved once ({@link RecordRegions}) and checked before the handler runs.
 */
public final class PartnerRequest {

    private final Partner partner;
    private final ContractOperation operation;
    private final String contentType;
    private final byte[] raw;
    private final JsonNode json;
    private final RecordRegion region;
    private final ObjectMapper mapper;

    PartnerRequest(Partner partner, ContractOperation operation, String contentType, byte[] raw, JsonNode json,
                   RecordRegion region, ObjectMapper mapper) {
        this.partner = partner;
        this.operation = operation;
        this.contentType = contentType;
        this.raw = raw;
        this.json = json;
        this.region = region;
        this.mapper = mapper;
    }

    /** The verified caller (for a write forwarded by another hub node: the partner it acts for). */
    public Partner partner() {
        return partner;
    }

    /** The operationId in the contract. */
    public String operationId() {
        return operation.operationId();
    }

    /** A path parameter of the request, e.g. {@code loanId} of {@code /api/v1/loans/{loanId}}; null if absent. */
    public String pathParam(String name) {
        return operation.pathParams().get(name);
    }

    /** The (first) value of a query parameter the operation declares, or null when it was not given. */
    public String queryParam(String name) {
        return operation.queryParam(name);
    }

    /** The request's Content-Type, or null. */
    public String contentType() {
        return contentType;
    }

    /** The body as received (e.g. an NDJSON or CSV upload). */
    public byte[] raw() {
        return raw;
    }

    /** The JSON body, valid against the contract; a missing node when the body is not JSON or empty. */
    public JsonNode json() {
        return json;
    }

    /**
     * The JSON body bound into its request model (e.g. {@code LoanSubmission}), with the hub's JSON settings. The
     * body is valid against the contract, so binding fails only on a model that does not match it.
     */
    public <T> T body(Class<T> model) {
        try {
            return mapper.treeToValue(json, model);
        } catch (JsonMappingException e) {
            String pointer = e.getPathReference() == null ? "" : pointerOf(e);
            throw ProblemException.field(ProblemCode.VALIDATION_FAILED, pointer, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ProblemException.field(ProblemCode.JSON_MALFORMED, "", e.getOriginalMessage());
        }
    }

    /** Where the record lies ({@code x-region} of the operation), empty when the operation has no region rule. */
    public Optional<RecordRegion> region() {
        return Optional.ofNullable(region);
    }

    /** The registered enterprise the record names, within the partner's regions ({@link RecordRegion#enterprise}). */
    public RegisteredEnterprise enterprise() {
        return regionNamingAnEnterprise().enterprise();
    }

    /** {@link #enterprise()}, which must also be a pilot enterprise ({@link RecordRegion#pilotEnterprise}). */
    public RegisteredEnterprise pilotEnterprise() {
        return regionNamingAnEnterprise().pilotEnterprise();
    }

    private RecordRegion regionNamingAnEnterprise() {
        if (region == null || !region.namesEnterprise()) {
            throw new ProblemException(ProblemCode.INTERNAL_ERROR, operation.operationId()
                    + " names no enterprise (x-region enterpriseOf)");
        }
        return region;
    }

    private static String pointerOf(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            pointer.append('/').append(step.getFieldName() != null ? step.getFieldName() : step.getIndex());
        }
        return pointer.toString();
    }
}
