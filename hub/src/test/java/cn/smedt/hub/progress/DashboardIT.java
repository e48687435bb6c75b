package cn.smedt.hub.progress;

import static cn.smedt.hub.TestPartners.ASSESSOR_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static cn.smedt.hub.TestPartners.PLATFORM_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.assessments.AssessmentSubsidyIT;
import cn.smedt.hub.loans.LoanSubsidyIT;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The 驾驶舱: the signed getProgress operation counts what the flows produced (hand-computed below), and the dashboard
 * page, rendered by headless Chromium ({@link ChromiumPage}), shows the same numbers.
 */
@HubIT
class DashboardIT {

    static final String A = "91410000170001401D";   // 巩义市 refractories, pilot: loan, assessment level 2, acceptance
    static final String B = "91350100M000100Y43";   // 荥阳市 aluminium, pilot: on cloud
    static final String C = "91330000755918469E";   // 巩义市 refractories, not a pilot
    static final String D = "91410100MA45D0X01W";   // 郑东新区 (X41ZDX) aluminium, pilot: on cloud, a press reports

    @HubIT.Settings
    static void node(HubNode node) {
        node.partner(ASSESSOR_ZZ, "qualification.certificate", "CERT-ZZ");
        node.partner(ASSESSOR_ZZ, "qualification.valid-from", "2023-01-01");
        node.partner(ASSESSOR_ZZ, "qualification.valid-until", "2030-12-31");
    }

    @Autowired
    ProducerTemplate camel;

    @LocalServerPort
    int port;

    /** The dashboard is on the operator port, not the partner API's (hub.operator.port). */
    @Value("${hub.operator.port}")
    int operatorPort;

    /** The browser the pages are rendered in, opened at the first. */
    private ChromiumPage browser;

    @AfterEach
    void closeBrowser() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
    }

    private ChromiumPage browser() throws Exception {
        if (browser == null) {
            browser = ChromiumPage.open();
        }
        return browser;
    }

    private void register(String base, String uscc, String region, String industry, boolean pilot) throws Exception {
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"驾驶舱测试企业","regionCode":"%s","industryCode":"%s",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":%s}""".formatted(uscc, region, industry, pilot))
                .by(GOV_ZZ.signer()).send().status()).isEqualTo(201);
    }

    @Test
    void theDashboardShowsWhatTheSignedApiCounts() throws Exception {
        String base = HubNode.url(port);
        register(base, A, "410181", "ZZ-REFRACTORIES", true);
        register(base, B, "410182", "ZZ-ALUMINIUM", true);
        register(base, C, "410181", "ZZ-REFRACTORIES", false);
        String loanId = SignedCall.post(base, "/api/v1/loans", LoanSubsidyIT.loan("DASH-1", A, "1000000.00",
                "2024-03-01", "2026-03-01")).by(BANK_ZZ.signer()).send().json().path("loanId").asText();
        // 1,000,000.00 x 3.45% x 31 / 360 = 2970.83 (LPR of 2024-02-20, paid 3000.00)
        SignedCall.post(base, "/api/v1/loans/" + loanId + "/interest-periods",
                LoanSubsidyIT.period("2024-03-01", "2024-04-01", "1000000.00", "3000.00")).by(BANK_ZZ.signer()).send();
        assertThat(SignedCall.post(base, "/api/v1/assessments", AssessmentSubsidyIT.assessment("DASH-A-1", A,
                "2025-01-15", 2, AssessmentSubsidyIT.SCORES)).by(ASSESSOR_ZZ.signer()).send().status()).isEqualTo(202);
        assertThat(SignedCall.post(base, "/api/v1/acceptances", AssessmentSubsidyIT.acceptance("DASH-ACC-1", A,
                "2025-03-31", "PASSED", null, "software", "100000.00")).by(ASSESSOR_ZZ.signer()).send().status())
                .isEqualTo(202);
        assertThat(SignedCall.post(base, "/api/v1/cloud-adoption", """
                {"uscc":"%s","reportedOn":"2025-06-01","saasApps":[{"appId":"mes-1","name":"云MES"}],
                 "paymentMode":"PER_USE","devicesConnected":12}""".formatted(B)).by(PLATFORM_ZZ.signer()).send()
                .status()).isEqualTo(202);

        // a kiln of enterprise A reports through the telemetry route (as the MQTT subscriber hands it over):
        // RUN 60 s (+2 parts), IDLE 30 s: utilisation 60 / 90, performance 2 x 30 s / 60 s = 1, OEE = utilisation
        // (not before today in China, the trend's "today": the devices' clock may be up to 5 minutes ahead)
        Instant t0 = latest(Instant.now().minus(3, ChronoUnit.MINUTES), todayStarted())
                .truncatedTo(ChronoUnit.SECONDS);
        String topic = "smedt/" + A + "/kiln-1/telemetry";
        camel.sendBodyAndHeader("direct:telemetry", sample(t0, "RUN", 0, "0")
                .getBytes(StandardCharsets.UTF_8), "HubMqttTopic", topic);
        camel.sendBodyAndHeader("direct:telemetry", sample(t0.plusSeconds(60), "IDLE", 2, "0.5")
                .getBytes(StandardCharsets.UTF_8), "HubMqttTopic", topic);
        camel.sendBodyAndHeader("direct:telemetry", sample(t0.plusSeconds(90), "RUN", 2, "0.6")
                .getBytes(StandardCharsets.UTF_8), "HubMqttTopic", topic);

        JsonNode progress = await().atMost(Duration.ofSeconds(30)).until(() -> SignedCall.get(base,
                "/api/v1/progress/410100").by(GOV_ZZ.signer()).send().json(),
                p -> p.path("subsidies").has("INTEREST") && p.path("subsidies").has("TRANSFORMATION"));

        assertThat(progress.path("enterprises").asLong()).isEqualTo(3);
        assertThat(progress.path("pilots").asLong()).isEqualTo(2);
        assertThat(progress.path("transformed").asLong()).isEqualTo(1);
        assertThat(progress.path("counties").path("410181").path("target").asInt()).isEqualTo(107);
        assertThat(progress.path("counties").path("410181").path("transformed").asInt()).isEqualTo(1);
        assertThat(progress.path("industries").path("ZZ-ALUMINIUM").path("onCloud").asInt()).isEqualTo(1);
        assertThat(progress.path("industries").path("ZZ-REFRACTORIES").path("transformedTarget").asInt()).isEqualTo(119);
        assertThat(progress.path("levels").path("2").asInt()).isEqualTo(1);
        assertThat(progress.path("cloudByPaymentMode").path("PER_USE").asInt()).isEqualTo(1);
        assertThat(progress.path("subsidies").path("INTEREST").path("granted").asText()).isEqualTo("2970.83");
        // Zhengzhou level 2+: 50% of 100,000.00 software spend
        assertThat(progress.path("subsidies").path("TRANSFORMATION").path("granted").asText()).isEqualTo("50000.00");
        assertThat(progress.path("devices").path("known").asInt()).isEqualTo(1);
        assertThat(progress.path("devices").path("onlineRate").asText()).isEqualTo("1.0000");
        assertThat(progress.path("devices").path("utilisation").asText()).isEqualTo("0.6667");
        assertThat(progress.path("devices").path("oee").asText()).isEqualTo("0.6667");
        assertThat(progress.path("devices").path("energyKwh").asText()).isEqualTo("0.600");
        assertThat(SignedCall.get(base, "/api/v1/progress/420100").by(GOV_ZZ.signer()).send().problemCode())
                .isEqualTo("region-denied");

        assertThat(ChromiumPage.CHROMIUM).as("headless Chromium for the dashboard test: apt-get install chromium (.ci/run does)")
                .exists();
        String dom = browser().renderedDom("http://127.0.0.1:" + operatorPort + "/dashboard/");
        assertThat(dom).contains("data-loaded=\"true\"").contains("郑州市");
        assertThat(kpi(dom, "enterprises")).isEqualTo(progress.path("enterprises").asText());
        assertThat(kpi(dom, "pilots")).isEqualTo(progress.path("pilots").asText());
        assertThat(kpi(dom, "transformed")).isEqualTo(progress.path("transformed").asText());
        assertThat(kpi(dom, "subsidy-INTEREST")).isEqualTo("2970.83");
        assertThat(kpi(dom, "subsidy-TRANSFORMATION")).isEqualTo("50000.00");
        assertThat(kpi(dom, "device-online-rate")).isEqualTo("100.0%");
        assertThat(kpi(dom, "device-utilisation")).isEqualTo("66.7%");
        assertThat(kpi(dom, "device-oee")).isEqualTo("66.7%");
        assertThat(kpi(dom, "device-energy")).isEqualTo("0.600");
        assertThat(dom).as("ECharts drew the charts").contains("<canvas");

        // every figure on the page (data-figure / data-value) equals the dashboard API's, which is the signed API's
        String operator = "http://127.0.0.1:" + operatorPort;
        JsonNode summary = getJson(operator + "/dashboard/api/summary");
        assertThat(summary.path("transformed")).isEqualTo(progress.path("transformed"));
        JsonNode sources = sources(operator, "410100", null);
        assertThat(figuresEqualTheApi(dom, sources)).as("figures checked on the city page").isGreaterThan(60);
        // labels, formats, all counties, numbers rather than only charts
        assertThat(dom).contains("按使用付费").contains("一次性付费").contains("按成效付费").doesNotContain(">PER_USE<")
                .contains("贴息补助").contains("诊断补助").contains("2,970.83 元").contains("50,000.00 元")
                .contains("5.00 万元");
        assertThat(dom).containsPattern("四级</td><td class=\"n\"[^>]*>0</td>");
        assertThat(dom).containsPattern("数据时间 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 北京时间");
        for (String county : List.of("巩义市", "新密市", "郑州经济技术开发区", "郑州高新技术产业开发区", "荥阳市", "中牟县", "上街区", "登封市",
                "中原区", "新郑市", "管城回族区", "郑州航空港经济综合实验区", "金水区", "郑东新区", "惠济区", "二七区")) {
            assertThat(dom).as("county " + county + " in the table").contains(">" + county + "<");
        }
        assertThat(dom).contains("href=\"/dashboard/region/410181\"");
        assertThat(dom).as("the kiln, online").contains("data-device=\"" + A + "/kiln-1\" data-online=\"true\"");
        assertThat(dom).as("health panel: connectors").contains("data-connector=\"route:");
        browser().screenshot(operator + "/dashboard/", "dashboard-city.png", 1000);
        browser().screenshot(operator + "/dashboard/", "dashboard-city-full.png", 3000);

        // drill-down: the county's own address, its enterprises
        String county = browser().renderedDom(operator + "/dashboard/region/410181");
        assertThat(county).contains("data-loaded=\"true\"").contains("data-level=\"COUNTY\"").contains("巩义市")
                .contains("href=\"/dashboard/enterprise/" + A + "\"").contains(C);
        assertThat(figuresEqualTheApi(county, sources(operator, "410181", null))).isGreaterThan(20);
        browser().screenshot(operator + "/dashboard/region/410181", "dashboard-county.png", 1000);
        // the enterprise's own address: its records
        String enterprise = browser().renderedDom(operator + "/dashboard/enterprise/" + A);
        assertThat(enterprise).contains("data-level=\"ENTERPRISE\"").contains("2,970.83 元").contains("通过")
                .contains("二级").contains("kiln-1");
        assertThat(figuresEqualTheApi(enterprise, sources(operator, "410181", A))).isGreaterThan(0);
        browser().screenshot(operator + "/dashboard/enterprise/" + A, "dashboard-enterprise.png", 1000);
        assertThat(status(operator + "/dashboard/api/summary?region=420100")).isEqualTo(404);

        // the daily trend: today the transformed enterprise's acceptance is not (dated 2025), the interest and
        // transformation subsidies were decided today, the kiln reported today
        JsonNode today = sources.path("trends").path(sources.path("trends").size() - 1);
        assertThat(today.path("subsidiesGranted").asText()).isEqualTo("52970.83");
        assertThat(today.path("devicesOnline").asInt()).isEqualTo(1);
        assertThat(today.path("transformedTotal").asInt()).isEqualTo(1);

        // every figure follows the enterprise's current registration: B (on cloud, 荥阳市) moves to 新密市
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"驾驶舱测试企业","regionCode":"410183","industryCode":"ZZ-ALUMINIUM",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(B)).by(GOV_ZZ.signer()).send().status())
                .isEqualTo(200);
        JsonNode moved = SignedCall.get(base, "/api/v1/progress/410100").by(GOV_ZZ.signer()).send().json();
        assertThat(moved.path("counties").path("410183").path("onCloud").asInt()).isEqualTo(1);
        assertThat(moved.path("counties").path("410182").path("onCloud").asInt()).isZero();
        assertThat(moved.path("cloudByPaymentMode").path("PER_USE").asInt()).isEqualTo(1);
        assertThat(getJson(operator + "/dashboard/api/summary?region=410182").path("cloudByPaymentMode")
                .path("PER_USE").asInt()).isZero();
        assertThat(getJson(operator + "/dashboard/api/summary?region=410183").path("cloudByPaymentMode")
                .path("PER_USE").asInt()).isEqualTo(1);
        JsonNode children = getJson(operator + "/dashboard/api/regions/410100").path("children");
        assertThat(child(children, "410183").path("onCloud").asInt()).isEqualTo(1);
        assertThat(child(children, "410182").path("onCloud").asInt()).isZero();

        // an enterprise of a development zone with a hub-local id (X41ZDX 郑东新区, inside 410100 without its code
        // prefix) counts in the city's figures as in the zone's own row: D, pilot, on cloud, with a reporting press
        register(base, D, "X41ZDX", "ZZ-ALUMINIUM", true);
        assertThat(SignedCall.post(base, "/api/v1/cloud-adoption", """
                {"uscc":"%s","reportedOn":"2025-06-02","saasApps":[{"appId":"erp-1","name":"云ERP"}],
                 "paymentMode":"PER_USE","devicesConnected":3}""".formatted(D)).by(PLATFORM_ZZ.signer()).send()
                .status()).isEqualTo(202);
        Instant pressed = latest(Instant.now().minus(1, ChronoUnit.MINUTES), todayStarted())
                .truncatedTo(ChronoUnit.SECONDS);
        camel.sendBodyAndHeader("direct:telemetry", sample(pressed, "RUN", 0, "0").getBytes(StandardCharsets.UTF_8),
                "HubMqttTopic", "smedt/" + D + "/press-1/telemetry");
        JsonNode city = await().atMost(Duration.ofSeconds(30)).until(() -> SignedCall.get(base,
                "/api/v1/progress/410100").by(GOV_ZZ.signer()).send().json(),
                p -> p.path("cloudByPaymentMode").path("PER_USE").asInt() == 2);
        assertThat(city.path("enterprises").asLong()).isEqualTo(4);
        assertThat(city.path("pilots").asLong()).isEqualTo(3);
        assertThat(city.path("industries").path("ZZ-ALUMINIUM").path("onCloud").asInt()).isEqualTo(2);
        assertThat(city.path("counties").path("X41ZDX").path("onCloud").asInt()).isEqualTo(1);
        assertThat(city.path("devices").path("known").asInt()).isEqualTo(2);
        JsonNode dashboardCity = getJson(operator + "/dashboard/api/summary");
        for (String figure : List.of("enterprises", "pilots", "cloudByPaymentMode", "counties", "industries")) {
            assertThat(dashboardCity.path(figure)).as(figure).isEqualTo(city.path(figure));
        }
        assertThat(dashboardCity.path("devices").path("known").asInt()).isEqualTo(2);
        JsonNode zone = child(getJson(operator + "/dashboard/api/regions/410100").path("children"), "X41ZDX");
        assertThat(zone.path("enterprises").asInt()).isEqualTo(1);
        assertThat(zone.path("pilots").asInt()).isEqualTo(1);
        assertThat(zone.path("onCloud").asInt()).isEqualTo(1);
        assertThat(getJson(operator + "/dashboard/api/summary?region=X41ZDX").path("enterprises").asInt()).isEqualTo(1);
        assertThat(getJson(operator + "/dashboard/api/enterprises?region=410100").findValuesAsText("uscc")).contains(D);
        assertThat(getJson(operator + "/dashboard/api/devices").findValuesAsText("deviceId")).contains("press-1");
        JsonNode trend = getJson(operator + "/dashboard/api/trends?region=410100");
        assertThat(trend.path(trend.size() - 1).path("devicesOnline").asInt()).isEqualTo(2);
    }

    /** When today began in China, the day of the dashboard's trends. */
    static Instant todayStarted() {
        ZoneId china = ZoneId.of("Asia/Shanghai");
        return LocalDate.now(china).atStartOfDay(china).toInstant();
    }

    static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The dashboard API answers a page's figures come from, keyed as the page's data-figure attributes name them. */
    static JsonNode sources(String operator, String region, String uscc) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode all = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        all.set("summary", getJson(operator + "/dashboard/api/summary?region=" + region));
        JsonNode regionAnswer = getJson(operator + "/dashboard/api/regions/" + region);
        com.fasterxml.jackson.databind.node.ObjectNode regionByCode = all.putObject("region").putObject("children");
        regionAnswer.path("children").forEach(c -> regionByCode.set(c.path("code").asText(), c));
        all.set("trends", getJson(operator + "/dashboard/api/trends?region=" + region));
        JsonNode health = getJson(operator + "/dashboard/api/health");
        com.fasterxml.jackson.databind.node.ObjectNode h = all.putObject("health");
        com.fasterxml.jackson.databind.node.ObjectNode targets = h.putObject("targets");
        health.path("targets").forEach(t -> targets.set(t.path("target").asText(), t));
        com.fasterxml.jackson.databind.node.ObjectNode queues = h.putObject("queues");
        health.path("queues").forEach(q -> queues.set(q.path("queue").asText(), q));
        com.fasterxml.jackson.databind.node.ObjectNode enterprises = all.putObject("enterprises");
        getJson(operator + "/dashboard/api/enterprises?region=" + region)
                .forEach(e -> enterprises.set(e.path("uscc").asText(), e));
        if (uscc != null) {
            all.set("enterprise", getJson(operator + "/dashboard/api/enterprises/" + uscc));
        }
        return all;
    }

    /** Checks each data-figure of the page against its source; answers how many it checked. */
    static int figuresEqualTheApi(String dom, JsonNode sources) {
        Matcher m = Pattern.compile("data-figure=\"([^\"]+)\" data-value=\"([^\"]*)\"").matcher(dom);
        int checked = 0;
        while (m.find()) {
            JsonNode value = sources;
            for (String step : m.group(1).split("/")) {
                value = value.isArray() ? value.path(Integer.parseInt(step)) : value.path(step);
            }
            assertThat(value.isMissingNode()).as("API value of " + m.group(1)).isFalse();
            assertThat(m.group(2)).as(m.group(1)).isEqualTo(value.asText());
            checked++;
        }
        return checked;
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    static java.net.http.HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(String url) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> answer = get(url);
        assertThat(answer.statusCode()).as(url).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
    }

    static int status(String url) throws IOException, InterruptedException {
        return get(url).statusCode();
    }

    static JsonNode child(JsonNode children, String code) {
        for (JsonNode c : children) {
            if (c.path("code").asText().equals(code)) {
                return c;
            }
        }
        throw new AssertionError("no child region " + code);
    }


    static String sample(Instant at, String state, long parts, String kwh) {
        return "{\"ts\":\"" + at + "\",\"state\":\"" + state + "\",\"partCount\":" + parts + ",\"energyKwh\":"
                + kwh + "}";
    }

    /** A key figure's value (its data-value: the page shows it formatted, e.g. 2,970.83 元). */
    static String kpi(String dom, String name) {
        Matcher m = Pattern.compile("data-kpi=\"" + Pattern.quote(name) + "\" data-value=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as("KPI " + name + " on the page").isTrue();
        return m.group(1).trim();
    }
}
