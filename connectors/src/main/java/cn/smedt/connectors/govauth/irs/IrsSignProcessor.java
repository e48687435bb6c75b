package cn.smedt.connectors.govauth.irs;

import cn.smedt.connectors.govauth.OutgoingHttpCall;
import cn.smedt.connectors.govauth.QueryParameters;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Adds the IRS {@code appKey}, {@code requestTime} and {@code sign} query parameters ({@link IrsRequestSecretAuth})
 * to an exchange about to be sent by camel-http.
 *
 * <p>The query camel-http would send ({@link OutgoingHttpCall}: {@code CamelHttpRawQuery}, else
 * {@code CamelHttpQuery}, else the target URI's query, else that of {@code CamelHttpUri}) is kept as it is, except
 * for earlier {@code appKey}/{@code requestTime}/{@code sign} pairs, which are replaced; the result is written back
 * to {@code CamelHttpRawQuery} when that header was set, else to {@code CamelHttpQuery}. Since camel-http sends GET
 * whenever {@code CamelHttpQuery} is present, the processor also sets {@code CamelHttpMethod} to the method the call
 * would have had without the signature (POST for a body, GET without one) unless the route set it.
 *
 * <p>Give the target URI when the {@code to} endpoint has a query of its own: setting {@code CamelHttpQuery}
 * replaces the endpoint's query in camel-http, so the processor must know it to keep it.
 */
public final class IrsSignProcessor implements Processor {

    private static final Set<String> SIGN_PARAMS = Set.of(IrsRequestSecretAuth.APP_KEY_PARAM,
            IrsRequestSecretAuth.REQUEST_TIME_PARAM, IrsRequestSecretAuth.SIGN_PARAM);

    private final IrsRequestSecretAuth auth;
    private final String targetUri;

    /**
     * @param auth      the signer (share one per app key: it caches the request secret)
     * @param targetUri the URL of the {@code to} endpoint without Camel options, or null when it has no query
     */
    public IrsSignProcessor(IrsRequestSecretAuth auth, String targetUri) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.targetUri = targetUri;
    }

    public IrsSignProcessor(IrsRequestSecretAuth auth) {
        this(auth, null);
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        OutgoingHttpCall call = OutgoingHttpCall.of(exchange, targetUri);
        String rawQuery = call.rawQuery();
        List<String> pairs = new ArrayList<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty() && !SIGN_PARAMS.contains(name(pair))) {
                    pairs.add(pair);
                }
            }
        }
        for (Map.Entry<String, String> param : auth.queryParameters().entrySet()) {
            pairs.add(param.getKey() + "=" + URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
        }
        String signed = String.join("&", pairs);
        if (message.getHeader(Exchange.HTTP_RAW_QUERY) != null) {
            message.setHeader(Exchange.HTTP_RAW_QUERY, signed);
        } else {
            message.setHeader(Exchange.HTTP_QUERY, signed);
        }
        message.setHeader(Exchange.HTTP_METHOD, call.method());
    }

    private static String name(String pair) {
        int eq = pair.indexOf('=');
        return QueryParameters.decode(eq < 0 ? pair : pair.substring(0, eq));
    }

    @Override
    public String toString() {
        return "IrsSignProcessor[" + auth + ", target=" + targetUri + "]";
    }
}
