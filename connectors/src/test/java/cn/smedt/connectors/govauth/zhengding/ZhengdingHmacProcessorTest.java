package cn.smedt.connectors.govauth.zhengding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.connectors.govauth.GovAuthException;
import cn.smedt.connectors.govauth.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the processor signs for each way a route can address camel-http; no server involved. */
class ZhengdingHmacProcessorTest {

    private static final String SECRET = "test-fixture-zzd-secret";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
    private final ZhengdingHmacAuth auth = new ZhengdingHmacAuth("app-yk-1", SECRET, clock, () -> "n0nce42");
    private final ZhengdingHmacVerifier verifier =
            ZhengdingHmacVerifier.forSingleKey("app-yk-1", SECRET, clock, Duration.ofMinutes(5));
    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private void assertSigned(Exchange exchange, String method, String path, String query) {
        var message = exchange.getMessage();
        assertThat(message.getHeader(Exchange.HTTP_METHOD)).isEqualTo(method);
        assertThat(verifier.check(method, path, query, name -> message.getHeader(name, String.class))).isEmpty();
    }

    @Test
    void signsTheTargetPathAndQueryWithTheMethodCamelHttpWouldChooseAndPinsIt() {
        Exchange withQuery = exchange("{\"event\":1}");
        withQuery.getMessage().setHeader(Exchange.HTTP_QUERY, "tenantId=330784");
        new ZhengdingHmacProcessor(auth, "https://zzd.example.gov.cn/open/events").process(withQuery);
        // camel-http sends GET whenever a query is present and no method is set
        assertSigned(withQuery, "GET", "/open/events", "tenantId=330784");

        Exchange withBody = exchange("{\"event\":1}");
        new ZhengdingHmacProcessor(auth, "https://zzd.example.gov.cn/open/events").process(withBody);
        assertSigned(withBody, "POST", "/open/events", null);

        Exchange empty = exchange(null);
        new ZhengdingHmacProcessor(auth, "/open/events").process(empty);
        assertSigned(empty, "GET", "/open/events", null);
    }

    @Test
    void theMethodHeaderWinsAndThePathHeaderIsAppended() {
        Exchange exchange = exchange("{}");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "put");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/batch/1");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "a=1");

        new ZhengdingHmacProcessor(auth, "http:zzd.example.gov.cn/open").process(exchange);

        assertSigned(exchange, "PUT", "/open/batch/1", "a=1");
    }

    @Test
    void theUriHeaderReplacesTheTargetAndTheEndpointQueryComesBeforeIt() {
        Exchange exchange = exchange(null);
        exchange.getMessage().setHeader(Exchange.HTTP_URI, "https://other.example.gov.cn/v2/events?x=1");
        new ZhengdingHmacProcessor(auth).process(exchange);
        assertSigned(exchange, "GET", "/v2/events", "x=1");

        Exchange endpointQuery = exchange(null);
        endpointQuery.getMessage().setHeader(Exchange.HTTP_URI, "https://other.example.gov.cn/v2/events?x=1");
        new ZhengdingHmacProcessor(auth, "https://zzd.example.gov.cn/open/events?y=2").process(endpointQuery);
        assertSigned(endpointQuery, "GET", "/v2/events", "y=2");
    }

    @Test
    void theRawQueryHeaderWinsOverTheQueryHeader() {
        Exchange exchange = exchange(null);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "a=1");
        exchange.getMessage().setHeader(Exchange.HTTP_RAW_QUERY, "name=%E6%B0%B8%E5%BA%B7");

        new ZhengdingHmacProcessor(auth, "/open/events").process(exchange);

        assertSigned(exchange, "GET", "/open/events", "name=%E6%B0%B8%E5%BA%B7");
    }

    @Test
    void withoutTargetOrUriHeaderItSaysHowToConfigureIt() {
        assertThatThrownBy(() -> new ZhengdingHmacProcessor(auth).process(exchange("{}")))
                .isInstanceOf(GovAuthException.class).hasMessageContaining("CamelHttpUri");
    }
}
