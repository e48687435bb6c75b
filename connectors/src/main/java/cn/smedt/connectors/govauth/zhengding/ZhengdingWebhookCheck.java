package cn.smedt.connectors.govauth.zhengding;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Checks the 浙政钉 HMAC headers of a webhook call a county platform makes to the hub (Camel platform-http consumer),
 * and refuses what does not verify or repeats a nonce within the window: the exchange is answered 401 with an RFC
 * 9457 problem ({@code code} {@code webhook-signature-invalid}, the reason in {@code reason}) and routing stops, so
 * nothing reaches the intake. Used by the Kamelet {@code smedt-county-webhook-source}.
 */
public final class ZhengdingWebhookCheck implements Processor {

    private static final int MAX_NONCES = 100_000;

    private final ZhengdingHmacVerifier verifier;
    private final Clock clock;
    private final java.time.Duration window;
    private final Map<String, Instant> nonces = new LinkedHashMap<>();

    /**
     * @param apiKey    the platform's apiKey
     * @param secretKey its secretKey (from configuration, never committed)
     */
    public ZhengdingWebhookCheck(String apiKey, String secretKey) {
        this(apiKey, secretKey, Clock.systemUTC());
    }

    ZhengdingWebhookCheck(String apiKey, String secretKey, Clock clock) {
        this.clock = clock;
        this.window = ZhengdingHmacVerifier.DEFAULT_WINDOW;
        this.verifier = ZhengdingHmacVerifier.forSingleKey(apiKey, secretKey, clock, window);
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "POST", String.class);
        String path = in.getHeader(Exchange.HTTP_URI, String.class);
        if (path != null && path.contains("?")) {
            path = path.substring(0, path.indexOf('?'));
        }
        String query = in.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (query == null) {
            query = in.getHeader(Exchange.HTTP_QUERY, String.class);
        }
        Optional<String> refusal = verifier.check(method, path == null ? "/" : path, query,
                name -> in.getHeader(name, String.class)).map(Enum::name);
        if (refusal.isEmpty() && !fresh(in.getHeader(ZhengdingHmacAuth.NONCE_HEADER, String.class))) {
            refusal = Optional.of("NONCE_REPLAYED");
        }
        if (refusal.isPresent()) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
            in.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
            in.setBody("{\"type\":\"https://smedt-hub.cn/problems/webhook-signature-invalid\",\"title\":"
                    + "\"Webhook signature does not verify\",\"status\":401,\"code\":\"webhook-signature-invalid\","
                    + "\"reason\":\"" + refusal.get() + "\"}");
            exchange.setRouteStop(true);
        }
    }

    /** Remembers the nonce for the window; false when it was seen within it. */
    private synchronized boolean fresh(String nonce) {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, Instant>> it = nonces.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> entry = it.next();
            if (entry.getValue().isAfter(now.minus(window)) && nonces.size() < MAX_NONCES) {
                break;
            }
            it.remove();
        }
        return nonce != null && nonces.putIfAbsent(nonce, now) == null;
    }

    @Override
    public String toString() {
        return "ZhengdingWebhookCheck[" + verifier + "]";
    }
}
