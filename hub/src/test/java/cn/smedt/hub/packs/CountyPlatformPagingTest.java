package cn.smedt.hub.packs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.connectors.govauth.zhengding.ZhengdingHmacAuth;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The paging, auth and watermark decisions of the REST-poll Kamelet's bean, page by page. */
class CountyPlatformPagingTest {

    /** Watermarks in memory, raised like the database's. */
    static final class MemoryWatermarks extends SourceWatermarks {
        final Map<String, String> stored = new HashMap<>();

        MemoryWatermarks() {
            super(null, null, null);
        }

        @Override
        Optional<String> find(String source) {
            return Optional.ofNullable(stored.get(source));
        }

        @Override
        void raise(String source, String watermark) {
            stored.merge(source, watermark, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
    }

    private final MemoryWatermarks watermarks = new MemoryWatermarks();
    private final CountyPlatformPaging paging = new CountyPlatformPaging(watermarks, new com.fasterxml.jackson.databind.ObjectMapper());

    private static Exchange exchange(Map<String, String> parameters) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(CountyPlatformPaging.PARAMETER + "url", "http://127.0.0.1:9/open/v2/companies");
        parameters.forEach((name, value) -> exchange.setProperty(CountyPlatformPaging.PARAMETER + name, value));
        return exchange;
    }

    private String request(Exchange exchange) {
        paging.request(exchange);
        return exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
    }

    private boolean answer(Exchange exchange, String body) throws Exception {
        exchange.getMessage().setBody(body);
        paging.page(exchange);
        return exchange.getProperty(CountyPlatformPaging.MORE, Boolean.class);
    }

    @Test
    void offsetPagingStopsAtAnEmptyPage() throws Exception {
        Exchange exchange = exchange(Map.of("paging", "offset", "pageSize", "2", "recordsPath", "$.list"));
        paging.begin(exchange);
        assertThat(request(exchange)).isEqualTo("offset=0&limit=2");
        assertThat(answer(exchange, "{\"list\":[{},{}]}")).isTrue();
        assertThat(request(exchange)).isEqualTo("offset=2&limit=2");
        assertThat(answer(exchange, "{\"list\":[{}]}")).isTrue();
        assertThat(request(exchange)).isEqualTo("offset=3&limit=2");
        assertThat(answer(exchange, "{\"list\":[]}")).isFalse();
    }

    @Test
    void cursorPagingStopsWhenTheCursorEnds() throws Exception {
        Exchange exchange = exchange(Map.of("paging", "cursor", "pageSize", "50", "recordsPath", "data.items",
                "cursorParam", "next", "cursorPath", "data.nextCursor"));
        paging.begin(exchange);
        assertThat(request(exchange)).isEqualTo("size=50");
        assertThat(answer(exchange, "{\"data\":{\"items\":[{}],\"nextCursor\":\"c2\"}}")).isTrue();
        assertThat(request(exchange)).isEqualTo("size=50&next=c2");
        assertThat(answer(exchange, "{\"data\":{\"items\":[{}],\"nextCursor\":null}}")).isFalse();
    }

    @Test
    void pagePagingStopsAtTheTotalAndSendsTheToken() throws Exception {
        Exchange exchange = exchange(Map.of("paging", "page", "pageSize", "2", "recordsPath", "data.rows",
                "totalPath", "data.total", "auth", "header", "authHeader", "X-Open-Token", "authToken", "t0ken"));
        paging.begin(exchange);
        assertThat(request(exchange)).isEqualTo("page=1&size=2");
        assertThat(exchange.getMessage().getHeader("X-Open-Token")).isEqualTo("t0ken");
        assertThat(answer(exchange, "{\"data\":{\"total\":3,\"rows\":[{},{}]}}")).isTrue();
        assertThat(request(exchange)).isEqualTo("page=2&size=2");
        assertThat(answer(exchange, "{\"data\":{\"total\":3,\"rows\":[{}]}}")).isFalse();
    }

    @Test
    void zhengdingHmacSignsEachPage() {
        Exchange exchange = exchange(Map.of("paging", "page", "auth", "zhengding-hmac", "apiKey", "app",
                "secretKey", "secret"));
        paging.begin(exchange);
        request(exchange);
        assertThat(exchange.getMessage().getHeader(ZhengdingHmacAuth.API_KEY_HEADER)).isEqualTo("app");
        assertThat(exchange.getMessage().getHeader(ZhengdingHmacAuth.NONCE_HEADER)).isNotNull();
    }

    @Test
    void theWatermarkIsSentAndRaisedAfterTheLastPage() throws Exception {
        Map<String, String> parameters = Map.of("paging", "page", "recordsPath", "rows", "sinceParam", "updatedSince",
                "watermarkPath", "gxsj");
        Exchange first = exchange(parameters);
        paging.begin(first);
        assertThat(request(first)).isEqualTo("page=1&size=100");
        answer(first, "{\"rows\":[{\"gxsj\":\"2026-11-30T10:00:00\"},{\"gxsj\":\"2026-12-01T09:00:00\"}]}");
        answer(first, "{\"rows\":[]}");
        assertThat(watermarks.stored).as("not before the poll ends").isEmpty();
        paging.end(first);
        assertThat(watermarks.stored).containsEntry("http://127.0.0.1:9/open/v2/companies", "2026-12-01T09:00:00");

        Exchange next = exchange(parameters);
        paging.begin(next);
        assertThat(request(next)).isEqualTo("page=1&size=100&updatedSince=2026-12-01T09%3A00%3A00");
    }
}
