package cn.smedt.connectors.govauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound connectors against WireMock stubs that play the government platforms and check the signatures
 * themselves: a wrongly signed call gets no stub match (404) and the route fails.
 */
class GovPlatformConnectorIT {

    private static final String SECRET = "test-fixture-zzd-secret";

    private final WireMockServer platform = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final MutableClock clock = new MutableClock(Instant.now());
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        platform.start();
        camel = new DefaultCamelContext();
        ZhengdingHmac signing = new ZhengdingHmac("app-yk-1", SECRET, clock, () -> Long.toHexString(System.nanoTime()));
        IrsSigner irs = new IrsSigner("irs-app", new IrsTokenEndpoint(HttpClient.newHttpClient(),
                URI.create(platform.baseUrl() + "/gateway/app/refreshTokenByKey.htm"), "irs-app", "test-fixture-irs",
                clock), clock, Duration.ofMinutes(1));
        String base = "http://127.0.0.1:" + platform.port();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:zhengding").process(new ZhengdingHmacProcessor(signing, "/open/events"))
                        .to(base.replace("http://", "http:") + "/open/events");
                // signed, then the query is changed in transit
                from("direct:tampered").process(new ZhengdingHmacProcessor(signing, "/open/events"))
                        .setHeader(Exchange.HTTP_QUERY, constant("tenantId=330700"))
                        .to(base.replace("http://", "http:") + "/open/events");
                from("direct:irs").process(new IrsSignProcessor(irs))
                        .to(base.replace("http://", "http:") + "/irs/enterprise");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        platform.stop();
    }

    private MatchResult zhengdingSigned(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : new String[] {ZhengdingHmac.TIMESTAMP, ZhengdingHmac.VERSION, ZhengdingHmac.NONCE,
            ZhengdingHmac.API_KEY, ZhengdingHmac.SIGNATURE}) {
            headers.put(name, request.getHeader(name));
        }
        Map<String, String> query = ZhengdingHmacProcessor.parse(URI.create(request.getUrl()).getRawQuery());
        ZhengdingHmac platformSide = new ZhengdingHmac("app-yk-1", SECRET, clock, () -> "unused");
        String refused = platformSide.verify(request.getMethod().getName(), URI.create(request.getUrl()).getPath(),
                query, headers, Duration.ofMinutes(5));
        return MatchResult.of(refused == null);
    }

    @Test
    void zhengdingPlatformAcceptsTheSignedEventAndRefusesATamperedOne() {
        platform.stubFor(post(urlPathEqualTo("/open/events")).andMatching(this::zhengdingSigned)
                .willReturn(okJson("{\"success\":true}")));

        String answer = template.requestBodyAndHeader("direct:zhengding", "{\"event\":\"subsidy-decision\"}",
                Exchange.HTTP_QUERY, "tenantId=330784", String.class);

        assertThat(answer).contains("success");
        platform.verify(1, postRequestedFor(urlPathEqualTo("/open/events")));
        // the query changed after signing: the platform's check fails, no stub matches (404)
        assertThatThrownBy(() -> template.requestBodyAndHeader("direct:tampered", "{}", Exchange.HTTP_QUERY,
                "tenantId=330784", String.class)).isInstanceOf(CamelExecutionException.class)
                .hasStackTraceContaining("statusCode: 404");
        platform.verify(2, postRequestedFor(urlPathEqualTo("/open/events")));
    }

    @Test
    void irsCallsCarryTheSignAndReuseTheRequestSecretUntilItExpires() {
        long[] endTime = {clock.millis() + Duration.ofMinutes(15).toMillis()};
        platform.stubFor(get(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm")).andMatching(request -> {
            String time = request.queryParameter("requestTime").firstValue();
            return MatchResult.of(request.queryParameter("sign").firstValue()
                    .equals(IrsSigner.md5Hex("irs-app" + "test-fixture-irs" + time)));
        }).willReturn(aResponse().withBody("{\"code\":\"00\",\"datas\":{\"requestSecret\":\"rs-1\","
                + "\"requestSecretEndTime\":" + endTime[0] + "}}")));
        platform.stubFor(get(urlPathEqualTo("/irs/enterprise")).andMatching(request -> {
            String time = request.queryParameter("requestTime").firstValue();
            return MatchResult.of(request.queryParameter("appKey").firstValue().equals("irs-app")
                    && request.queryParameter("sign").firstValue().equals(IrsSigner.md5Hex("irs-app" + "rs-1" + time)));
        }).willReturn(okJson("{\"code\":\"00\"}")));

        for (int i = 0; i < 3; i++) {
            String answer = template.requestBodyAndHeader("direct:irs", null, Exchange.HTTP_METHOD, "GET", String.class);
            assertThat(answer).contains("00");
        }
        platform.verify(1, getRequestedFor(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm")));
        platform.verify(3, getRequestedFor(urlPathEqualTo("/irs/enterprise")));

        // within a minute of the secret's end time the signer fetches a new one before signing
        clock.advance(Duration.ofMinutes(14).plusSeconds(30));
        assertThat(template.requestBodyAndHeader("direct:irs", null, Exchange.HTTP_METHOD, "GET", String.class))
                .contains("00");
        platform.verify(2, getRequestedFor(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm")));
    }
}
