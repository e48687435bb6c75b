package cn.smedt.connectors.govauth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Adds the 浙政钉 HMAC headers to an outgoing camel-http call. The signed URI is the target path given at
 * construction (what the platform sees); the method comes from {@link Exchange#HTTP_METHOD} (POST when absent), the
 * query from {@link Exchange#HTTP_QUERY}; the method signed is set on the exchange so it is the one sent. Use as a bean from YAML routes: {@code process: {ref: zhengdingAuth}}.
 */
public final class ZhengdingHmacProcessor implements Processor {

    private final ZhengdingHmac hmac;
    private final String uriPath;

    public ZhengdingHmacProcessor(ZhengdingHmac hmac, String uriPath) {
        this.hmac = hmac;
        this.uriPath = uriPath;
    }

    @Override
    public void process(Exchange exchange) {
        var message = exchange.getMessage();
        String method = message.getHeader(Exchange.HTTP_METHOD, "POST", String.class);
        Map<String, String> query = parse(message.getHeader(Exchange.HTTP_QUERY, String.class));
        hmac.headers(method, uriPath, query).forEach(message::setHeader);
        // pin the method: camel-http would otherwise send GET whenever a query is present, unlike what was signed
        message.setHeader(Exchange.HTTP_METHOD, method);
    }

    static Map<String, String> parse(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isBlank()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        return params;
    }
}
