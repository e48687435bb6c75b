package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.Problems;
import cn.smedt.api.contract.ContractOperation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The single entry of the partner API behind the gateway; hands each operation to its flow route. */
@RestController
class PartnerApiController {


    private final OperationRunner runner;
    private final ObjectMapper json;

    PartnerApiController(OperationRunner runner, ObjectMapper json) {
        this.runner = runner;
        this.json = json;
    }

    @RequestMapping("/api/**")
    ResponseEntity<byte[]> handle(HttpServletRequest request) throws JsonProcessingException {
        ContractOperation operation = (ContractOperation) request.getAttribute(PartnerGatewayFilter.OPERATION);
        AuthenticatedCall call = (AuthenticatedCall) request.getAttribute(AuthenticatedCall.ATTRIBUTE);
        if (operation == null || call == null) {
            throw new ProblemException(ProblemCode.INTERNAL_ERROR, "request did not pass the gateway");
        }
        JsonNode body = (JsonNode) request.getAttribute(PartnerGatewayFilter.PARSED_BODY);
        byte[] raw = request instanceof CachedBodyRequest cached ? cached.body() : new byte[0];
        ApiReply reply = runner.run(operation, call.partner(), body, raw, request);
        if (reply.body() instanceof byte[] bytes) {
            MediaType type = reply.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM
                    : MediaType.parseMediaType(reply.contentType());
            return ResponseEntity.status(reply.status()).contentType(type).body(bytes);
        }
        return ResponseEntity.status(reply.status()).contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsBytes(reply.body()));
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<byte[]> problem(ProblemException problem, HttpServletRequest request) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.code().status())
                .contentType(MediaType.parseMediaType(Problems.MEDIA_TYPE));
        if (problem.code().retryAfterSeconds() > 0) {
            answer.header("Retry-After", String.valueOf(problem.code().retryAfterSeconds()));
        }
        return answer.body(Problems.render(problem, request.getRequestURI()));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<byte[]> unexpected(RuntimeException failure, HttpServletRequest request) {
        return problem(FailureProblems.of(failure, request.getMethod(), request.getRequestURI()), request);
    }
}
