package cn.smedt.hub.packs;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubTestNode;
import cn.smedt.hub.TestPartners;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Connector contract test of the Yongkang pack (routes/zhejiang/jinhua/yongkang): WireMock plays the county
 * enterprise platform with a recorded answer; the pack's YAML route polls it, its mapping.yaml turns the county's
 * field names and codes into canonical registrations, and only the record inside the county with a valid USCC is
 * stored. No Java is specific to the pack.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class YongkangPackIT {

    static final WireMockServer COUNTY = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        COUNTY.start();
        HubTestNode.isolate(registry);
        TestPartners.register(registry);
        registry.add("yongkang.platform.enabled", () -> "true");
        registry.add("yongkang.platform.url", COUNTY::baseUrl);
        registry.add("yongkang.platform.poll-period", () -> "600000");
        COUNTY.stubFor(get(urlPathEqualTo("/api/enterprises")).willReturn(okJson("""
                {"code": 0, "data": [
                  {"tyshxydm": "91330000755918469E", "qymc": "永康市某保温杯有限公司", "xzqhdm": "330784",
                   "cyfl": "02", "gmlx": "GS", "sfsd": "1"},
                  {"tyshxydm": "91410000170001401D", "qymc": "外县企业", "xzqhdm": "410181",
                   "cyfl": "01", "gmlx": "GS", "sfsd": "1"},
                  {"tyshxydm": "91330000755918469X", "qymc": "校验码错误企业", "xzqhdm": "330784",
                   "cyfl": "04", "gmlx": "GX", "sfsd": "0"}
                ]}""")));
    }

    @AfterAll
    static void stop() {
        COUNTY.stop();
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void thePacksRouteImportsOnlyValidEnterprisesOfItsOwnCounty() {
        Map<String, Object> imported = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "select * from enterprise where uscc = '91330000755918469E'"), rows -> !rows.isEmpty()).get(0);

        assertThat(imported.get("INDUSTRY_CODE")).isEqualTo("YK-VACUUM-CUP");
        assertThat(imported.get("SCALE")).isEqualTo("ABOVE_DESIGNATED_SIZE");
        assertThat(imported.get("REGION_CODE")).isEqualTo("330784");
        assertThat(imported.get("REGISTERED_BY")).isEqualTo("pack:zhejiang/jinhua/yongkang");
        assertThat(jdbc.queryForObject("select count(*) from enterprise where uscc in ('91410000170001401D',"
                + " '91330000755918469X')", Long.class)).as("outside the county / bad check character").isZero();
    }
}
