package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerRequests;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RecordRegions.RecordRegion;
import cn.smedt.api.contract.ContractOperation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The single entry of the partner API behind the gateway: makes the {@link PartnerRequest} of the call the gateway
 * let through and runs it on its handler ({@link OperationRunner}, {@link PartnerHandlers}).
 */
@RestController
class PartnerApiController {

    private final OperationRunner runner;
    private final PartnerRequests requests;
    private final ObjectMapper json;

    PartnerApiController(OperationRunner runner, PartnerRequests requests, ObjectMapper json) {
        this.runner = runner;
        this.requests = requests;
        this.json = json;
    }

    @RequestMapping("/api/**")
    ResponseEntity<byte[]> handle(HttpServletRequest request) throws JsonProcessingException {
        ContractOperation operation = (ContractOperation) request.getAttribute(PartnerGatewayFilter.OPERATION);
        AuthenticatedCall call = (AuthenticatedCall) request.getAttribute(AuthenticatedCall.ATTRIBUTE);
        if (operation == null || call == null) {
            throw new ProblemException(ProblemCode.INTERNAL_ERROR, "request did not pass the gateway");
        }
        byte[] raw = request instanceof CachedBodyRequest cached ? cached.body() : new byte[0];
        PartnerRequest partnerRequest = requests.of(operation, call.partner(), request.getContentType(), raw,
                (JsonNode) request.getAttribute(PartnerGatewayFilter.PARSED_BODY),
                (RecordRegion) request.getAttribute(PartnerGatewayFilter.REGION));
        ApiReply reply = runner.run(operation, partnerRequest, request);
        if (reply.body() instanceof byte[] bytes) {
            MediaType type = reply.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM
                    : MediaType.parseMediaType(reply.contentType());
            return ResponseEntity.status(reply.status()).contentType(type).body(bytes);
        }
        return ResponseEntity.status(reply.status()).contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsBytes(reply.body()));
    }

    /** Refusals and failures of the handler are answered as the gateway answers its own ({@link ProblemAnswers}). */
    @ExceptionHandler(RuntimeException.class)
    void problem(RuntimeException failure, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ProblemAnswers.write(response, ProblemAnswers.of(failure, request.getMethod(), request.getRequestURI()),
                request.getRequestURI());
    }
}
