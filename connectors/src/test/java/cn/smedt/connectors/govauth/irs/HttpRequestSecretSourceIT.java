package cn.smedt.connectors.govauth.irs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.connectors.govauth.GovAuthException;
import cn.smedt.connectors.govauth.MutableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token exchange against a WireMock token endpoint on 127.0.0.1. */
class HttpRequestSecretSourceIT {

    private static final String APP_SECRET = "test-fixture-irs-secret";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
    private final WireMockServer gateway = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private HttpRequestSecretSource source;

    @BeforeEach
    void start() {
        gateway.start();
        source = new HttpRequestSecretSource(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + gateway.port() + "/gateway/app/refreshTokenByKey.htm?v=2"),
                "irs-app-1", APP_SECRET, clock, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void sendsTheAppSignAndReadsTheGatewayEnvelope() throws Exception {
        gateway.stubFor(get(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm")).willReturn(okJson(
                "{\"code\":\"00\",\"msg\":\"成功\",\"datas\":{\"requestSecret\":\"rs-1\","
                        + "\"requestSecretEndTime\":1795486500000,\"refreshSecret\":\"x\"}}")));

        assertThat(source.fetch()).isEqualTo(new RequestSecret("rs-1", Instant.parse("2026-11-24T02:15:00Z")));

        gateway.verify(getRequestedFor(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm"))
                .withQueryParam("v", equalTo("2"))
                .withQueryParam("appKey", equalTo("irs-app-1"))
                .withQueryParam("requestTime", equalTo("1795485600000"))
                .withQueryParam("sign", equalTo(IrsGatewayIT.md5("irs-app-1" + APP_SECRET + "1795485600000"))));
        assertThat(gateway.getAllServeEvents()).allSatisfy(event ->
                assertThat(event.getRequest().getAbsoluteUrl()).doesNotContain(APP_SECRET));
    }

    @Test
    void acceptsABareObjectWithTheEndTimeAsText() {
        gateway.stubFor(get(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm")).willReturn(okJson(
                "{\"requestSecret\":\"rs-1\",\"requestSecretEndTime\":\"1795486500000\"}")));

        assertThat(source.fetch().expiresAt()).isEqualTo(Instant.parse("2026-11-24T02:15:00Z"));
    }

    @Test
    void aRefusalNamesTheGatewaysCodeButNoSecret() {
        gateway.stubFor(get(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm"))
                .willReturn(okJson("{\"code\":\"11\",\"msg\":\"签名错误\"}")));

        assertThatThrownBy(source::fetch).isInstanceOf(GovAuthException.class)
                .hasMessageContaining("code '11' 签名错误").hasMessageContaining("irs-app-1")
                .hasMessageNotContaining(APP_SECRET);
    }

    @Test
    void httpErrorsAndUnusableAnswersAreGovAuthExceptions() {
        gateway.stubFor(get(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm"))
                .willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")));
        assertThatThrownBy(source::fetch).isInstanceOf(GovAuthException.class).hasMessageContaining("HTTP 502");

        gateway.stubFor(get(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm"))
                .willReturn(okJson("{\"code\":\"00\",\"datas\":{\"requestSecret\":\"rs-1\"}}")));
        assertThatThrownBy(source::fetch).isInstanceOf(GovAuthException.class)
                .hasMessageContaining("without requestSecret and requestSecretEndTime");
    }

    @Test
    void anUnreachableEndpointIsAGovAuthException() throws Exception {
        int port;
        try (ServerSocket closedAfterwards = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closedAfterwards.getLocalPort();
        }
        HttpRequestSecretSource down = new HttpRequestSecretSource(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + port + "/token"), "irs-app-1", APP_SECRET, clock,
                Duration.ofSeconds(2));

        assertThatThrownBy(down::fetch).isInstanceOf(GovAuthException.class).hasMessageContaining("unreachable");
    }
}
