package cn.smedt.connectors.govauth.irs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.connectors.govauth.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IrsSignProcessorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
    private final IrsRequestSecretAuth auth = new IrsRequestSecretAuth("irs app/1",
            () -> new RequestSecret("rs-1", clock.instant().plus(Duration.ofMinutes(15))), clock,
            Duration.ofMinutes(1));
    private final String sign = IrsRequestSecretAuth.md5Hex("irs app/1" + "rs-1" + "1795485600000");
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

    @Test
    void appendsTheParametersReplacingEarlierOnesAndKeepsTheMethodOfABodyCall() {
        Exchange exchange = exchange("{\"uscc\":\"91330000755918469E\"}");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "page=1&sign=stale&q=a+b");

        new IrsSignProcessor(auth).process(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_QUERY)).isEqualTo(
                "page=1&q=a+b&appKey=irs+app%2F1&requestTime=1795485600000&sign=" + sign);
        // camel-http chose GET for the query that was there; the processor keeps that choice explicit
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("GET");
    }

    @Test
    void aBodyCallWithoutQueryStaysPost() {
        Exchange exchange = exchange("{\"uscc\":\"91330000755918469E\"}");

        new IrsSignProcessor(auth).process(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_QUERY))
                .isEqualTo("appKey=irs+app%2F1&requestTime=1795485600000&sign=" + sign);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("POST");
    }

    @Test
    void keepsTheQueryOfTheTargetEndpoint() {
        Exchange exchange = exchange(null);

        new IrsSignProcessor(auth, "https://irs.example.gov.cn/api/enterprise?dataset=qyjbxx").process(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class))
                .startsWith("dataset=qyjbxx&appKey=");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("GET");
    }

    @Test
    void writesToTheRawQueryHeaderWhenTheRouteUsesIt() {
        Exchange exchange = exchange(null);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "post");
        exchange.getMessage().setHeader(Exchange.HTTP_RAW_QUERY, "name=%E6%B0%B8%E5%BA%B7");

        new IrsSignProcessor(auth).process(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class))
                .startsWith("name=%E6%B0%B8%E5%BA%B7&appKey=");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_QUERY)).isNull();
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("POST");
    }
}
