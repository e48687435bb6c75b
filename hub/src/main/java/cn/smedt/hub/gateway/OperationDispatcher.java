package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.api.contract.ContractOperation;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Contract-first routing: operation {@code x} of the OpenAPI contract is served by the Camel route with id
 * {@code x}, consuming {@code direct:x}. An operation without such a route answers 501.
 */
@Component
class OperationDispatcher {

    private final CamelContext camel;
    private final ProducerTemplate template;

    OperationDispatcher(CamelContext camel, ProducerTemplate template) {
        this.camel = camel;
        this.template = template;
    }

    ApiReply dispatch(ContractOperation operation, Partner partner, JsonNode json, byte[] raw, String contentType) {
        if (camel.getRoute(operation.operationId()) == null) {
            throw new ProblemException(ProblemCode.OPERATION_NOT_IMPLEMENTED,
                    operation.operationId() + " is in the contract but this hub version does not serve it yet");
        }
        Exchange result = template.request("direct:" + operation.operationId(), exchange -> {
            var in = exchange.getIn();
            in.setHeader(PartnerCall.PARTNER, partner);
            in.setHeader(PartnerCall.OPERATION_ID, operation.operationId());
            in.setHeader(PartnerCall.CONTENT_TYPE, contentType);
            operation.pathParams().forEach((name, value) -> in.setHeader(PartnerCall.PATH_PREFIX + name, value));
            operation.queryParams().keySet().forEach(name -> in.setHeader(PartnerCall.QUERY_PREFIX + name,
                    operation.queryParam(name)));
            in.setBody(json.isMissingNode() ? raw : json);
        });
        if (result.getException() != null) {
            throw unwrap(result.getException());
        }
        Object body = result.getMessage().getBody();
        return body instanceof ApiReply reply ? reply : ApiReply.ok(body);
    }

    private static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CamelExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new FlowFailedException(cause);
    }
}
