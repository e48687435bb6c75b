package cn.smedt.hub.packs;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.connectors.govauth.irs.IrsRequestSecretAuth;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST-poll Kamelet's {@code auth: irs} (IRS request secret, docs/adding-a-county.md): the poll fetches the
 * request secret from the IRS gateway once (a WireMock stand-in on loopback) and signs every page with
 * {@code appKey}, {@code requestTime} and {@code sign = md5(appKey + requestSecret + requestTime)}, keeping the
 * page's own query.
 */
class CountyPlatformPagingIT {

    private final WireMockServer gateway = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final CountyPlatformPaging paging = new CountyPlatformPaging(new CountyPlatformPagingTest.MemoryWatermarks(),
            new ObjectMapper());

    @BeforeEach
    void start() {
        gateway.start();
        gateway.stubFor(get(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm")).willReturn(okJson(
                "{\"code\":\"00\",\"msg\":\"成功\",\"datas\":{\"requestSecret\":\"rs-1\","
                        + "\"requestSecretEndTime\":4102444800000,\"refreshSecret\":\"x\"}}")));
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void everyPageIsSignedWithTheRequestSecret() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        Map.of("url", "http://127.0.0.1:9/open/v2/companies", "paging", "page", "pageSize", "50", "auth", "irs",
                "apiKey", "county-app", "secretKey", "app-secret",
                "tokenUrl", gateway.baseUrl() + "/gateway/app/refreshTokenByKey.htm", "recordsPath", "$.rows")
                .forEach((name, value) -> exchange.setProperty(CountyPlatformPaging.PARAMETER + name, value));
        paging.begin(exchange);
        for (int page = 1; page <= 2; page++) {
            paging.request(exchange);
            Map<String, String> query = query(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
            assertThat(query).containsEntry("page", String.valueOf(page)).containsEntry("size", "50")
                    .containsEntry(IrsRequestSecretAuth.APP_KEY_PARAM, "county-app");
            assertThat(query.get(IrsRequestSecretAuth.SIGN_PARAM)).isEqualTo(IrsRequestSecretAuth.sign("county-app",
                    "rs-1", query.get(IrsRequestSecretAuth.REQUEST_TIME_PARAM)));
            exchange.getMessage().setBody("{\"rows\":[{}]}");
            paging.page(exchange);
        }
        gateway.verify(1, getRequestedFor(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm")));
    }

    private static Map<String, String> query(String query) {
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            pairs.put(pair.substring(0, equals), java.net.URLDecoder.decode(pair.substring(equals + 1),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return pairs;
    }
}
