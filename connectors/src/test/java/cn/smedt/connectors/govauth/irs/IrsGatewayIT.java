package cn.smedt.connectors.govauth.irs;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.connectors.govauth.MutableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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
 * Camel routes with {@link IrsSignProcessor} against a WireMock IRS gateway on 127.0.0.1: the token endpoint checks
 * the app's sign and hands out request secret rs-1, then rs-2 (a WireMock scenario); the data endpoint accepts only
 * calls signed with the secret most recently handed out and stamped with the current time. Signs are recomputed in
 * the stubs with {@link MessageDigest}, independently of the production code. Time moves by a {@link MutableClock}.
 */
class IrsGatewayIT {

    private static final String APP_KEY = "irs-app-1";
    private static final String APP_SECRET = "test-fixture-irs-secret";
    private static final String TOKEN_PATH = "/gateway/app/refreshTokenByKey.htm";
    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final WireMockServer gateway = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private CamelContext camel;
    private ProducerTemplate template;

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private MatchResult signedWith(Request request, String secret) {
        try {
            String time = request.queryParameter("requestTime").firstValue();
            return MatchResult.of(APP_KEY.equals(request.queryParameter("appKey").firstValue())
                    && time.equals(Long.toString(clock.millis()))
                    && md5(APP_KEY + secret + time).equals(request.queryParameter("sign").firstValue()));
        } catch (Exception e) {
            return MatchResult.noMatch();
        }
    }

    private static String tokenAnswer(String secret, Instant endTime) {
        return "{\"code\":\"00\",\"msg\":\"成功\",\"datas\":{\"requestSecret\":\"" + secret
                + "\",\"requestSecretEndTime\":" + endTime.toEpochMilli() + "}}";
    }

    @BeforeEach
    void start() throws Exception {
        gateway.start();
        String base = "http://127.0.0.1:" + gateway.port();
        IrsRequestSecretAuth auth = new IrsRequestSecretAuth(APP_KEY, new HttpRequestSecretSource(
                HttpClient.newHttpClient(), URI.create(base + TOKEN_PATH), APP_KEY, APP_SECRET, clock,
                Duration.ofSeconds(5)), clock, Duration.ofMinutes(1));
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:enterprise").process(new IrsSignProcessor(auth, base + "/irs/enterprise?dataset=qyjbxx"))
                        .to(base + "/irs/enterprise?dataset=qyjbxx");
                from("direct:report").process(new IrsSignProcessor(auth)).to(base + "/irs/report");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();

        gateway.stubFor(get(urlPathEqualTo(TOKEN_PATH)).inScenario("secrets").whenScenarioStateIs(STARTED)
                .andMatching(request -> signedWith(request, APP_SECRET))
                .willReturn(okJson(tokenAnswer("rs-1", T0.plus(Duration.ofMinutes(15)))))
                .willSetStateTo("rs-1"));
        gateway.stubFor(get(urlPathEqualTo(TOKEN_PATH)).inScenario("secrets").whenScenarioStateIs("rs-1")
                .andMatching(request -> signedWith(request, APP_SECRET))
                .willReturn(okJson(tokenAnswer("rs-2", T0.plus(Duration.ofMinutes(45)))))
                .willSetStateTo("rs-2"));
        for (String secret : new String[] {"rs-1", "rs-2"}) {
            gateway.stubFor(get(urlPathEqualTo("/irs/enterprise")).inScenario("secrets").whenScenarioStateIs(secret)
                    .andMatching(request -> MatchResult.of(signedWith(request, secret).isExactMatch()
                            && "qyjbxx".equals(request.queryParameter("dataset").firstValue())))
                    .willReturn(okJson("{\"code\":\"00\",\"datas\":{\"secret\":\"" + secret + "\"}}")));
            gateway.stubFor(post(urlPathEqualTo("/irs/report")).inScenario("secrets").whenScenarioStateIs(secret)
                    .andMatching(request -> signedWith(request, secret)).willReturn(okJson("{\"code\":\"00\"}")));
        }
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        gateway.stop();
    }

    private String enterprise() {
        return template.requestBody("direct:enterprise", null, String.class);
    }

    @Test
    void reusesTheRequestSecretAndRefreshesItBeforeItExpires() {
        for (int i = 0; i < 3; i++) {
            assertThat(enterprise()).contains("rs-1");
            clock.advance(Duration.ofMinutes(4));
        }
        gateway.verify(1, getRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        gateway.verify(3, getRequestedFor(urlPathEqualTo("/irs/enterprise")));

        // 12 min: still rs-1; 14 min: within the one-minute margin, so rs-2 is fetched before signing
        assertThat(enterprise()).contains("rs-1");
        clock.advance(Duration.ofMinutes(2));
        assertThat(enterprise()).contains("rs-2");
        gateway.verify(2, getRequestedFor(urlPathEqualTo(TOKEN_PATH)));

        // and rs-2 is reused in turn
        clock.advance(Duration.ofMinutes(10));
        assertThat(enterprise()).contains("rs-2");
        gateway.verify(2, getRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    @Test
    void aPostWithABodyStaysAPostAndCarriesTheSign() {
        assertThat(template.requestBody("direct:report", "{\"uscc\":\"91330000755918469E\"}", String.class))
                .contains("00");
        gateway.verify(1, postRequestedFor(urlPathEqualTo("/irs/report")));
    }

    @Test
    void aCallSignedWithAnOutdatedSecretIsRefusedByTheStub() {
        assertThat(enterprise()).contains("rs-1");
        // the gateway moves on to rs-2 behind the hub's back: the cached rs-1 no longer matches
        gateway.setScenarioState("secrets", "rs-2");
        assertThatThrownBy(this::enterprise).isInstanceOf(CamelExecutionException.class)
                .hasStackTraceContaining("statusCode: 404");
        assertThat(gateway.findAll(getRequestedFor(urlPathEqualTo("/irs/enterprise")))).hasSize(2)
                .allSatisfy(r -> assertThat(r.queryParameter("appKey").firstValue()).isEqualTo(APP_KEY));
    }
}
