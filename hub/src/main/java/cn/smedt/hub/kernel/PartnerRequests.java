package cn.smedt.hub.kernel;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.RecordRegions.RecordRegion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cn.smedt.security.digest.DigestAlgorithm;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes the {@link PartnerRequest}s handlers get: from an HTTP call that passed the gateway, and from a line of a
 * batch upload, which passes the same contract and region checks as a single call would (or, when another hub
 * node owns its record, goes there: {@link #batchLine}).
 */
@Component
public class PartnerRequests {

    private final ObjectMapper mapper;
    private final ContractCheck contract;
    private final RecordRegions regions;
    private final ObjectProvider<WriteRouter> routers;

    /** Outside a federation (unit tests). */
    public PartnerRequests(ObjectMapper mapper, ContractCheck contract, RecordRegions regions) {
        this(mapper, contract, regions, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public PartnerRequests(ObjectMapper mapper, ContractCheck contract, RecordRegions regions,
                           ObjectProvider<WriteRouter> routers) {
        this.mapper = mapper;
        this.contract = contract;
        this.regions = regions;
        this.routers = routers;
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

    /**
     * A record of a batch upload as the JSON body of the operation at {@code POST path}, checked once: when another hub
     * node of the federation owns its record, sent there as the single write of the operation, on behalf of the
     * partner (as the gateway forwards a single call), with an Idempotency-Key made of the record itself (the same
     * record again is answered once), and answered with what the owner answered: its 2xx answer, else its refusal as
     * a {@link ProblemException}; otherwise the record to handle here, as {@link #line} makes it (validated against
     * the contract, its region resolved and checked for the partner). The contract check and the region's lookup
     * (an enterprise's registration) run once per line, whichever way it goes.
     */
    public BatchLine batchLine(Partner partner, String path, JsonNode record) {
        JsonNode valid = contract.validateBody("POST", path, record);
        ContractOperation operation = contract.operation("POST", path, null).orElseThrow(() ->
                new ProblemException(ProblemCode.OPERATION_UNKNOWN, "POST " + path + " is in no contract"));
        RecordRegion region = regions.of(operation, valid).orElse(null);
        WriteRouter router = routers == null || region == null ? null : routers.getIfAvailable();
        Optional<WriteRouter.Route> route = router == null ? Optional.empty() : router.route(operation, region);
        if (route.isEmpty()) {
            if (region != null) {
                regions.check(partner, region);
            }
            return new BatchLine(null, new PartnerRequest(partner, operation, "application/json", new byte[0], valid,
                    region, mapper));
        }
        regions.requireWithin(partner, region);
        try {
            byte[] body = mapper.writeValueAsBytes(valid);
            String key = "line:" + HexFormat.of().formatHex(DigestAlgorithm.SHA_256.digest(body), 0, 24);
            WriteRouter.ForwardedReply reply = router.forward(route.get(), "POST", body, "application/json", path,
                    WriteRouter.Acting.direct(partner), key);
            JsonNode answer = mapper.readTree(reply.body());
            if (reply.status() / 100 == 2) {
                return new BatchLine(new ForwardedLine(reply.status(), answer, reply.node()), null);
            }
            throw refusalOf(answer, reply);
        } catch (java.io.IOException e) {
            throw new ProblemException(ProblemCode.FEDERATION_UNREACHABLE, "the answer of hub "
                    + route.get().hubId() + " to a batch record is not JSON: " + e.getMessage());
        }
    }

    /**
     * A line of a batch upload, {@link #batchLine checked}: exactly one of the two is set.
     *
     * @param forwarded the owner's answer, when another node of the federation owns the record
     * @param here      the record to handle on this node
     */
    public record BatchLine(ForwardedLine forwarded, PartnerRequest here) {

        /** True when the owner node answered the line. */
        public boolean isForwarded() {
            return forwarded != null;
        }
    }

    /**
     * The owner's 2xx answer to a batch record.
     *
     * @param status its status (e.g. 202 for a new record, 200 for one it had)
     * @param answer its JSON body
     * @param node   the node that stored it
     */
    public record ForwardedLine(int status, JsonNode answer, String node) {
    }

    /** The owner's problem answer as the refusal of the record here. */
    private static ProblemException refusalOf(JsonNode problem, WriteRouter.ForwardedReply reply) {
        ProblemCode code = ProblemCode.of(problem.path("code").asText()).orElse(ProblemCode.INTERNAL_ERROR);
        java.util.List<FieldError> errors = new java.util.ArrayList<>();
        problem.path("errors").forEach(error -> errors.add(new FieldError(error.path("code").asText(),
                error.path("pointer").asText(), error.path("detail").asText())));
        return new ProblemException(code, "hub " + reply.node() + ": " + problem.path("detail").asText(), errors);
    }
}
