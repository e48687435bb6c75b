package cn.smedt.connectors.govauth.zhengding;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.connectors.govauth.MutableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Camel routes with {@link ZhengdingHmacProcessor} calling camel-http against a WireMock 浙政钉 platform on
 * 127.0.0.1 whose stubs match only correctly signed requests ({@link ZhengdingSignatureMatcher} recomputes the HMAC
 * independently; one stub uses {@link ZhengdingHmacVerifier}). A wrong signature gets a 404 and the route fails.
 */
class ZhengdingPlatformIT {

    private static final String API_KEY = "app-yk-1";
    private static final String SECRET = "test-fixture-zzd-secret";

    private final MutableClock clock = new MutableClock(Instant.now());
    private final WireMockServer platform = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
            .extensions(new ZhengdingSignatureMatcher(clock)));
    private final Parameters credentials = Parameters.from(Map.of("apiKey", API_KEY, "secret", SECRET));
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        platform.start();
        String base = "http://127.0.0.1:" + platform.port();
        ZhengdingHmacAuth auth = new ZhengdingHmacAuth(API_KEY, SECRET, clock, ZhengdingHmacAuth.defaultNonces(clock));
        ZhengdingHmacAuth wrongSecret = new ZhengdingHmacAuth(API_KEY, "not-the-secret", clock,
                ZhengdingHmacAuth.defaultNonces(clock));
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:events").process(new ZhengdingHmacProcessor(auth, base + "/open/events"))
                        .to(base + "/open/events");
                from("direct:tampered").process(new ZhengdingHmacProcessor(auth, base + "/open/events"))
                        .setHeader(Exchange.HTTP_QUERY, constant("tenantId=330700")) // changed after signing
                        .to(base + "/open/events");
                from("direct:wrong-secret").process(new ZhengdingHmacProcessor(wrongSecret, base + "/open/events"))
                        .to(base + "/open/events");
                // endpoint with a query of its own and a dynamic path
                from("direct:lookup").process(new ZhengdingHmacProcessor(auth, base + "/open/enterprise?region=330784"))
                        .to(base + "/open/enterprise?region=330784");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        platform.stop();
    }

    @Test
    void signedPostWithAQueryIsAccepted() {
        platform.stubFor(post(urlPathEqualTo("/open/events")).andMatching(ZhengdingSignatureMatcher.NAME, credentials)
                .willReturn(okJson("{\"success\":true}")));

        String answer = template.requestBodyAndHeaders("direct:events", "{\"event\":\"subsidy-decision\"}",
                Map.of(Exchange.HTTP_METHOD, "POST",
                        Exchange.HTTP_QUERY, "tenantId=330784&name=%E6%B0%B8%E5%BA%B7&tag=b&tag=a"), String.class);

        assertThat(answer).contains("success");
        platform.verify(1, postRequestedFor(urlPathEqualTo("/open/events")));
    }

    @Test
    void signedPostWithoutQueryIsAccepted() {
        platform.stubFor(post(urlPathEqualTo("/open/events")).andMatching(ZhengdingSignatureMatcher.NAME, credentials)
                .willReturn(okJson("{\"success\":true}")));

        // no method header: camel-http would POST the body, and that is what is signed
        assertThat(template.requestBody("direct:events", "{\"event\":1}", String.class)).contains("success");
    }

    @Test
    void endpointQueryAndDynamicPathAreSignedAsSent() {
        platform.stubFor(get(urlPathEqualTo("/open/enterprise/91330000755918469E"))
                .andMatching(ZhengdingSignatureMatcher.NAME, credentials).willReturn(okJson("{\"found\":true}")));

        String answer = template.requestBodyAndHeader("direct:lookup", null, Exchange.HTTP_PATH,
                "91330000755918469E", String.class);

        assertThat(answer).contains("found");
        platform.verify(1, getRequestedFor(urlPathEqualTo("/open/enterprise/91330000755918469E")));
    }

    @Test
    void aQueryChangedAfterSigningOrAWrongSecretIsRefused() {
        platform.stubFor(post(urlPathEqualTo("/open/events")).andMatching(ZhengdingSignatureMatcher.NAME, credentials)
                .willReturn(okJson("{\"success\":true}")));

        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:tampered", "{}",
                Map.of(Exchange.HTTP_METHOD, "POST", Exchange.HTTP_QUERY, "tenantId=330784"), String.class))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOfSatisfying(HttpOperationFailedException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(404));
        assertThatThrownBy(() -> template.requestBody("direct:wrong-secret", "{}", String.class))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOfSatisfying(HttpOperationFailedException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(404));
        platform.verify(2, postRequestedFor(urlPathEqualTo("/open/events")));
    }

    @Test
    void theVerifierServesAsTheStubsCheck() {
        MutableClock platformClock = new MutableClock(clock.instant());
        ZhengdingHmacVerifier verifier = ZhengdingHmacVerifier.forSingleKey(API_KEY, SECRET, platformClock,
                ZhengdingHmacVerifier.DEFAULT_WINDOW);
        platform.stubFor(post(urlPathEqualTo("/open/events")).andMatching(request -> {
            URI url = URI.create(request.getUrl());
            return MatchResult.of(verifier.check(request.getMethod().getName(), url.getRawPath(), url.getRawQuery(),
                    request::getHeader).isEmpty());
        }).willReturn(okJson("{\"success\":true}")));
        Map<String, Object> headers = Map.of(Exchange.HTTP_METHOD, "POST", Exchange.HTTP_QUERY, "page=2");

        assertThat(template.requestBodyAndHeaders("direct:events", "{}", headers, String.class)).contains("success");
        // the platform's clock is six minutes ahead of the hub's: the timestamp is outside its window
        platformClock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:events", "{}", headers, String.class))
                .isInstanceOf(CamelExecutionException.class);
        platform.verify(2, postRequestedFor(urlPathEqualTo("/open/events")));
    }
}
