package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.ContractCheck;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerRequests;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RecordRegions;
import cn.smedt.hub.kernel.RecordRegions.RecordRegion;
import cn.smedt.hub.kernel.WriteRouter;
import cn.smedt.api.contract.ContractOperation;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.signature.HttpMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The partner gateway, in the order a request meets it: body read within the operation's size limit; signature,
 * digest, freshness, key and nonce verified ({@link RequestAuthenticator}); rate limit; operation found in the
 * contract; scope; Idempotency-Key; body validated (and parsed, once) against the contract; the record's region
 * resolved once and checked ({@link RecordRegions}). Only then does the request reach its handler
 * ({@link OperationRunner}, {@link PartnerHandlers}: partner calls do not go on to Spring MVC), or, for a write that belongs to another hub node of the
 * federation, that node ({@link WriteRouter}). Refusals are answered by {@link ProblemAnswers}.
 * Every answer, refusals included, leaves signed by the hub ({@link ResponseSigner}).
 */
@Component
class PartnerGatewayFilter extends OncePerRequestFilter {

    private static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    private final RequestAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final ContractCheck contract;
    private final OperationAuthorizer authorizer;
    private final RecordRegions regions;
    private final IdempotencyStore idempotency;
    private final ResponseSigner signer;
    private final GatewayProperties props;
    private final PartnerRequests requests;
    private final OperationRunner runner;
    private final ObjectMapper json;
    private final GatewayMetrics metrics;

    /** Federation: carries writes that belong to another hub node there; null when this node has none. */
    private final WriteRouter router;

    /** This node's name ({@code hub.node.name}): the {@code Hub-Handled-By} of calls it handles for a neighbour. */
    private final String nodeName;

    PartnerGatewayFilter(RequestAuthenticator authenticator, RateLimiter rateLimiter, ContractCheck contract,
                         OperationAuthorizer authorizer, RecordRegions regions, IdempotencyStore idempotency,
                         ResponseSigner signer, GatewayProperties props, ObjectProvider<WriteRouter> routers,
                         PartnerRequests requests, OperationRunner runner, ObjectMapper json,
                         @Value("${hub.node.name}") String nodeName, GatewayMetrics metrics) {
        this.nodeName = nodeName;
        this.metrics = metrics;
        this.requests = requests;
        this.runner = runner;
        this.json = json;
        this.router = routers.getIfAvailable();
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.contract = contract;
        this.authorizer = authorizer;
        this.regions = regions;
        this.idempotency = idempotency;
        this.signer = signer;
        this.props = props;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long started = System.nanoTime();
        HttpMessage signedView = ServletMessages.request(request, props.publicBaseUrl());
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        AuthenticatedCall call = null;
        ContractOperation operation = null;
        WriteRouter.Acting acting = null;
        try {
            operation = contract.operation(request.getMethod(), request.getRequestURI(),
                    request.getQueryString()).orElse(null);
            byte[] body = readBody(request, operation);
            call = authenticator.authenticate(signedView, body);  // nonce and the caller's rate too
            acting = acting(request, call);
            if (acting.forwarded()) {
                rateLimiter.requireWithinRate(acting.partner());
            }
            if (operation == null) {
                throw new ProblemException(ProblemCode.OPERATION_UNKNOWN,
                        request.getMethod() + " " + request.getRequestURI() + " is not in any hub contract");
            }
            authorizer.checkScope(call.partner(), operation);
            if (acting.forwarded()) {
                authorizer.checkScope(acting.partner(), operation);
            }
            if (operation.write()) {
                handleWrite(request, buffered, call, acting, operation, body);
            } else {
                handleRead(request, buffered, call, acting, operation, body);
            }
        } catch (RuntimeException refused) {
            buffered.resetBuffer();
            refuse(request, buffered, refused);
        }
        if (acting != null && acting.forwarded() && buffered.getHeader(WriteRouter.HANDLED_BY) == null) {
            buffered.setHeader(WriteRouter.HANDLED_BY, nodeName);
        }
        Map<String, String> signature = signer.sign(signedView, call == null ? null : call.label(),
                buffered.getStatus(), buffered.getContentType(), buffered.getContentAsByteArray());
        signature.forEach(buffered::setHeader);
        buffered.copyBodyToResponse();
        metrics.answered(request, operation, buffered.getStatus(), started);
    }

    /** Answers the call with the problem of {@code refused} ({@link ProblemAnswers}), noted for the metrics. */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, RuntimeException refused)
            throws IOException {
        ProblemException problem = ProblemAnswers.of(refused, request.getMethod(), request.getRequestURI());
        GatewayMetrics.refused(request, problem.code());
        ProblemAnswers.write(response, problem, request.getRequestURI());
    }

    /**
     * Whom the call acts for: the verified caller, or, for a call a neighbouring hub node forwarded with a signed
     * on-behalf-of assertion, the partner who made it there ({@link WriteRouter#actingFor}).
     */
    private WriteRouter.Acting acting(HttpServletRequest request, AuthenticatedCall call) {
        String assertion = request.getHeader(WriteRouter.ON_BEHALF_OF);
        if (assertion == null) {
            return WriteRouter.Acting.direct(call.partner());
        }
        if (router == null) {
            throw new ProblemException(ProblemCode.ON_BEHALF_OF_DENIED, "this hub node is in no federation: "
                    + call.partner().id() + " may not call on behalf of another partner");
        }
        return router.actingFor(call.partner(), assertion);
    }

    /**
     * The record's region for routing, and the hop's region check: a hub node forwards only calls within the
     * regions it has here.
     */
    private Optional<WriteRouter.Route> route(AuthenticatedCall call, WriteRouter.Acting acting,
                                              ContractOperation operation, RecordRegion region) {
        if (region == null) {
            return Optional.empty();
        }
        if (acting.forwarded()) {
            regions.requireWithin(call.partner(), region);
        }
        return router == null ? Optional.empty() : router.route(operation, region);
    }

    private void handleRead(HttpServletRequest request, ContentCachingResponseWrapper response, AuthenticatedCall call,
                            WriteRouter.Acting acting, ContractOperation operation, byte[] body) throws IOException {
        JsonNode parsed = contract.validate(operation, request.getContentType(), body);
        Optional<WriteRouter.Route> route = router == null ? Optional.empty()
                : route(call, acting, operation, regions.of(operation, parsed).orElse(null));
        if (route.isPresent()) {
            forward(request, response, route.get(), acting, body, null);
        } else {
            answer(request, response, acting, operation, body, parsed, null);
        }
    }

    private void handleWrite(HttpServletRequest request, ContentCachingResponseWrapper response,
                             AuthenticatedCall call, WriteRouter.Acting acting, ContractOperation operation,
                             byte[] body) throws IOException {
        String key = request.getHeader("Idempotency-Key");
        if (key == null || key.isBlank()) {
            throw new ProblemException(ProblemCode.IDEMPOTENCY_KEY_MISSING,
                    operation.operationId() + " is a write: send an Idempotency-Key header");
        }
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw new ProblemException(ProblemCode.IDEMPOTENCY_KEY_MALFORMED,
                    "Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 . _ : -");
        }
        JsonNode parsed = contract.validate(operation, request.getContentType(), body);
        RecordRegion region = regions.of(operation, parsed).orElse(null);
        Optional<WriteRouter.Route> route = route(call, acting, operation, region);
        if (route.isPresent()) {
            regions.requireWithin(acting.partner(), region);
        } else if (region != null) {
            regions.check(acting.partner(), region);
        }
        byte[] digest = DigestAlgorithm.SHA_256.digest(body);
        String partnerId = acting.partner().id();
        if (idempotency.begin(partnerId, key, digest) instanceof IdempotencyStore.Replay replay) {
            IdempotencyStore.Entry answer = replay.answer();
            response.setStatus(answer.status());
            response.setContentType(answer.contentType());
            response.setHeader(REPLAYED, "true");
            metrics.replayed(operation);
            response.getOutputStream().write(answer.body());
            return;
        }
        boolean completed = false;
        try {
            if (route.isPresent()) {
                // the owner keeps the answer under the forwarded key: a retry is answered there, once
                forward(request, response, route.get(), acting, body, key);
            } else {
                answer(request, response, acting, operation, body, parsed, region);
                if (response.getStatus() < 500) {
                    idempotency.complete(partnerId, key, digest, response.getStatus(), response.getContentType(),
                            response.getContentAsByteArray());
                    completed = true;
                }
            }
        } finally {
            if (!completed) {
                idempotency.abandon(partnerId, key);
            }
        }
    }

    /** Carries the call to the node that owns its record and answers what that node answered. */
    private void forward(HttpServletRequest request, HttpServletResponse response, WriteRouter.Route route,
                         WriteRouter.Acting acting, byte[] body, String key) throws IOException {
        WriteRouter.ForwardedReply reply = router.forward(route, request.getMethod(), body, request.getContentType(),
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()),
                acting, key);
        response.setStatus(reply.status());
        response.setContentType(reply.contentType());
        response.setHeader(WriteRouter.HANDLED_BY, reply.node());
        if (reply.replayed()) {
            response.setHeader(REPLAYED, "true");
        }
        response.getOutputStream().write(reply.body());
    }

    /**
     * Runs the operation's handler ({@link OperationRunner}, {@link PartnerHandlers}) on the {@link PartnerRequest} of
     * the call and writes its answer; a refusal or failure of the handler is answered here, so that a write's
     * refusal is kept for its Idempotency-Key like any other answer below 500.
     */
    private void answer(HttpServletRequest request, HttpServletResponse response, WriteRouter.Acting acting,
                        ContractOperation operation, byte[] body, JsonNode parsed, RecordRegion region)
            throws IOException {
        try {
            PartnerRequest partnerRequest = requests.of(operation, acting.partner(), request.getContentType(), body,
                    parsed, region);
            ApiReply reply = runner.run(operation, partnerRequest, request, acting.hop());
            response.setStatus(reply.status());
            if (reply.body() instanceof byte[] bytes) {
                response.setContentType(reply.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE
                        : reply.contentType());
                response.getOutputStream().write(bytes);
            } else {
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.getOutputStream().write(json.writeValueAsBytes(reply.body()));
            }
        } catch (RuntimeException refused) {
            response.resetBuffer();
            refuse(request, response, refused);
        }
    }

    private byte[] readBody(HttpServletRequest request, ContractOperation operation) throws IOException {
        boolean batch = operation != null && operation.requestContentTypes().stream()
                .anyMatch(type -> type.contains("ndjson") || type.contains("csv"));
        long limit = (batch ? props.maxBatchBodySize() : props.maxBodySize()).toBytes();
        if (request.getContentLengthLong() > limit) {
            throw new ProblemException(ProblemCode.BODY_TOO_LARGE, "body of " + request.getContentLengthLong()
                    + " bytes exceeds the limit of " + limit + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw new ProblemException(ProblemCode.BODY_TOO_LARGE, "body exceeds the limit of " + limit
                        + " bytes");
            }
            return body;
        }
    }
}
