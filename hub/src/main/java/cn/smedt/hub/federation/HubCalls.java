package cn.smedt.hub.federation;

import cn.smedt.hub.kernel.HubRequestSigner;
import cn.smedt.hub.kernel.OutboundTls;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.WriteRouter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls from this hub node to another (parent or child): a request signed with the hub's key (it is a partner of
 * type HUB there), within {@code hub.federation.timeout}. A node that cannot be reached, or does not answer within
 * the timeout (it hangs), is a 502 {@code federation-unreachable} problem for whoever asked. Over HTTPS the other
 * node's certificate is verified ({@link OutboundTls}: the trust store of {@code hub.transport.outbound-bundle},
 * mutual TLS when that bundle has a key); a refused handshake is logged as such.
 */
@Component
class HubCalls {

    /**
     * What the other node answered.
     *
     * @param handledBy its {@code Hub-Handled-By} header (the node that stored or served the record), or null
     * @param replayed  its {@code Idempotent-Replayed} header is true
     */
    record Answer(int status, String contentType, byte[] body, String handledBy, boolean replayed) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(HubCalls.class);
    private static final String REPLAYED = "Idempotent-Replayed";

    private final HubRequestSigner signer;
    private final FederationProperties props;
    private final HttpClient http;
    private final OutboundTls tls;

    HubCalls(HubRequestSigner signer, FederationProperties props, OutboundTls tls) {
        this.signer = signer;
        this.props = props;
        this.tls = tls;
        this.http = HttpClient.newBuilder().connectTimeout(props.timeout()).sslContext(tls.context())
                .sslParameters(tls.parameters()).build();
    }

    Answer post(FederationProperties.Link node, String path, String contentType, byte[] body,
                Map<String, String> headers) {
        return send(node, "POST", path, contentType, body, headers, Map.of());
    }

    /**
     * One call.
     *
     * @param headers headers sent as they are (Idempotency-Key)
     * @param covered headers the signature covers as well (the on-behalf-of assertion)
     */
    Answer send(FederationProperties.Link node, String method, String path, String contentType, byte[] body,
                Map<String, String> headers, Map<String, String> covered) {
        URI target = URI.create(node.url().replaceAll("/+$", "") + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(props.timeout())
                .method(method, body.length == 0 && "GET".equals(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        signer.sign(method, target, contentType, body, covered).forEach(request::header);
        try {
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(answer.statusCode(), answer.headers().firstValue("Content-Type")
                    .orElse("application/json"), answer.body(),
                    answer.headers().firstValue(WriteRouter.HANDLED_BY).orElse(null),
                    answer.headers().firstValue(REPLAYED).map("true"::equals).orElse(false));
        } catch (HttpTimeoutException e) {
            LOG.warn("hub {} at {} did not answer within {}", node.hubId(), node.url(), props.timeout());
            throw new ProblemException(ProblemCode.FEDERATION_UNREACHABLE, "hub " + node.hubId()
                    + " did not answer within " + props.timeout() + "; it may have stored the write: retry with the"
                    + " same Idempotency-Key, which it answers once");
        } catch (IOException e) {
            LOG.warn("hub {} at {} cannot be reached: {}", node.hubId(), node.url(),
                    tls.handshakeFailure(e).orElse(e.toString()));
            throw new ProblemException(ProblemCode.FEDERATION_UNREACHABLE, "hub " + node.hubId()
                    + " cannot be reached now; retry with the same Idempotency-Key");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemCode.FEDERATION_UNREACHABLE, "interrupted while calling hub "
                    + node.hubId() + "; retry with the same Idempotency-Key");
        }
    }
}
