package cn.smedt.connectors.govauth.zhengding;

import cn.smedt.connectors.govauth.OutgoingHttpCall;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Adds the 浙政钉 HMAC headers ({@link ZhengdingHmacAuth}) to an exchange about to be sent by camel-http.
 *
 * <p>What is signed is what camel-http will send ({@link OutgoingHttpCall}): the method from
 * {@code CamelHttpMethod} (or camel-http's default), the path of {@code CamelHttpUri} or of the configured target URI
 * with {@code CamelHttpPath} appended, and the query from {@code CamelHttpRawQuery} / {@code CamelHttpQuery} / the
 * target URI. The processor then sets {@code CamelHttpMethod} to the method it signed, because camel-http would
 * otherwise pick GET or POST by itself (GET as soon as a query is present). Place it immediately before the
 * {@code to}, after every step that changes those headers, and do not use the endpoint option {@code httpMethod}.
 *
 * <p>YAML route (Camel YAML DSL), secrets from property placeholders:
 * <pre>
 * - beans:
 *     - name: zhengdingAuth
 *       type: cn.smedt.connectors.govauth.zhengding.ZhengdingHmacProcessor
 *       constructors:
 *         0: "{{govauth.zhengding.api-key}}"
 *         1: "{{govauth.zhengding.secret-key}}"
 *         2: "{{govauth.zhengding.base-url}}/open/events"
 * - route:
 *     from:
 *       uri: direct:notify
 *       steps:
 *         - process:
 *             ref: zhengdingAuth
 *         - to: "{{govauth.zhengding.base-url}}/open/events"
 * </pre>
 */
public final class ZhengdingHmacProcessor implements Processor {

    private final ZhengdingHmacAuth auth;
    private final String targetUri;

    /**
     * @param auth      the signer
     * @param targetUri the URL of the {@code to} endpoint without Camel options ({@code https://host/path}), or only
     *                  its path; null when every exchange carries {@code CamelHttpUri}
     */
    public ZhengdingHmacProcessor(ZhengdingHmacAuth auth, String targetUri) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.targetUri = targetUri;
    }

    /** For exchanges that carry {@code CamelHttpUri}. */
    public ZhengdingHmacProcessor(ZhengdingHmacAuth auth) {
        this(auth, null);
    }

    /** System clock and default nonces: the form for a YAML bean. */
    public ZhengdingHmacProcessor(String apiKey, String secretKey, String targetUri) {
        this(new ZhengdingHmacAuth(apiKey, secretKey), targetUri);
    }

    @Override
    public void process(Exchange exchange) {
        OutgoingHttpCall call = OutgoingHttpCall.of(exchange, targetUri);
        Message message = exchange.getMessage();
        auth.headers(call.method(), call.requirePath(), call.query()).forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_METHOD, call.method());
    }

    @Override
    public String toString() {
        return "ZhengdingHmacProcessor[" + auth + ", target=" + targetUri + "]";
    }
}
