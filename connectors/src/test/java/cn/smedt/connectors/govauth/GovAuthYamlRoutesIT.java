package cn.smedt.connectors.govauth;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.connectors.govauth.irs.IrsRequestSecretAuth;
import cn.smedt.connectors.govauth.zhengding.ZhengdingHmacVerifier;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The YAML route of connectors/README.md (src/test/resources/govauth-routes.yaml), with its beans built by the Camel
 * YAML DSL from property placeholders, against WireMock platforms on 127.0.0.1 that check the signatures.
 */
class GovAuthYamlRoutesIT {

    private static final String ZZD_SECRET = "test-fixture-zzd-secret";
    private static final String IRS_SECRET = "test-fixture-irs-secret";

    private final WireMockServer platforms = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        platforms.start();
        String base = "http://127.0.0.1:" + platforms.port();
        Properties properties = new Properties();
        properties.put("govauth.zhengding.api-key", "app-yk-1");
        properties.put("govauth.zhengding.secret-key", ZZD_SECRET);
        properties.put("govauth.zhengding.base-url", base);
        properties.put("govauth.irs.app-key", "irs-app-1");
        properties.put("govauth.irs.app-secret", IRS_SECRET);
        properties.put("govauth.irs.token-url", base + "/gateway/app/refreshTokenByKey.htm");
        properties.put("govauth.irs.base-url", base);
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(properties);
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "classpath:govauth-routes.yaml"));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        platforms.stop();
    }

    @Test
    void zhengdingRouteSignsWithTheConfiguredSecret() {
        ZhengdingHmacVerifier platform = ZhengdingHmacVerifier.forSingleKey("app-yk-1", ZZD_SECRET,
                Clock.systemUTC(), Duration.ofMinutes(5));
        platforms.stubFor(post(urlPathEqualTo("/open/events")).andMatching(request -> {
            URI url = URI.create(request.getUrl());
            return MatchResult.of(url.getRawQuery().equals("tenantId=330784") && platform.check(
                    request.getMethod().getName(), url.getRawPath(), url.getRawQuery(), request::getHeader).isEmpty());
        }).willReturn(okJson("{\"success\":true}")));

        assertThat(template.requestBodyAndHeader("direct:zhengding-subsidy-events", "{\"decision\":\"granted\"}",
                "county", "330784", String.class)).contains("success");
        assertThat(camel.getRegistry().lookupByName("zhengdingAuth").toString())
                .contains("app-yk-1").doesNotContain(ZZD_SECRET);
    }

    @Test
    void irsRouteFetchesTheRequestSecretAndSigns() {
        long end = System.currentTimeMillis() + Duration.ofMinutes(15).toMillis();
        platforms.stubFor(get(urlPathEqualTo("/gateway/app/refreshTokenByKey.htm")).andMatching(request -> {
            String time = request.queryParameter("requestTime").firstValue();
            return MatchResult.of(IrsRequestSecretAuth.md5Hex("irs-app-1" + IRS_SECRET + time)
                    .equals(request.queryParameter("sign").firstValue()));
        }).willReturn(okJson("{\"code\":\"00\",\"datas\":{\"requestSecret\":\"rs-yaml\",\"requestSecretEndTime\":"
                + end + "}}")));
        platforms.stubFor(get(urlPathEqualTo("/irs/enterprise")).andMatching(request -> {
            String time = request.queryParameter("requestTime").firstValue();
            return MatchResult.of("91330000755918469E".equals(request.queryParameter("uscc").firstValue())
                    && IrsRequestSecretAuth.md5Hex("irs-app-1" + "rs-yaml" + time)
                            .equals(request.queryParameter("sign").firstValue()));
        }).willReturn(okJson("{\"code\":\"00\"}")));

        for (int i = 0; i < 2; i++) {
            assertThat(template.requestBodyAndHeaders("direct:irs-enterprise-lookup", null,
                    Map.of("uscc", "91330000755918469E"), String.class)).contains("00");
        }
        assertThat(platforms.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/gateway/app/refreshTokenByKey.htm")))).hasSize(1);
    }
}
