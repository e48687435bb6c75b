package cn.smedt.hub.kernel;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.RecordRegions.RecordRegion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * Makes the {@link PartnerRequest}s handlers get: from an HTTP call that passed the gateway, and from a line of a
 * batch upload, which passes the same contract and region checks as a single call would.
 */
@Component
public class PartnerRequests {

    private final ObjectMapper mapper;
    private final ContractCheck contract;
    private final RecordRegions regions;

    public PartnerRequests(ObjectMapper mapper, ContractCheck contract, RecordRegions regions) {
        this.mapper = mapper;
        this.contract = contract;
        this.regions = regions;
    }

    /**
     * A call that passed the gateway.
     *
     * @param json   the body as the contract check parsed it (a missing node for non-JSON bodies)
     * @param region the record's region as the gateway resolved and checked it, or null
     */
    public PartnerRequest of(ContractOperation operation, Partner partner, String contentType, byte[] raw,
                             JsonNode json, RecordRegion region) {
        return new PartnerRequest(partner, operation, contentType, raw, json, region, mapper);
    }

    /**
     * A record that did not come through HTTP (a line of a batch upload), as the JSON body of the operation at
     * {@code method path}: validated against the contract, its region resolved and checked for the partner;
     * refused with the same problem a single request would get.
     */
    public PartnerRequest line(Partner partner, String method, String path, JsonNode record) {
        JsonNode valid = contract.validateBody(method, path, record);
        ContractOperation operation = contract.operation(method, path, null).orElseThrow(() ->
                new ProblemException(ProblemCode.OPERATION_UNKNOWN, method + " " + path + " is in no contract"));
        RecordRegion region = regions.of(operation, valid).orElse(null);
        if (region != null) {
            regions.check(partner, region);
        }
        return new PartnerRequest(partner, operation, "application/json", new byte[0], valid, region, mapper);
    }
}
