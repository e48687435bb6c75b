package cn.smedt.hub.federation;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubNodes;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three hub nodes of one binary on loopback: province 河南省 (410000), city 郑州市 (410100), county 巩义市 (410181),
 * each a partner of type HUB of its parent. Records submitted at the province or the city are routed by region
 * prefix to the node that owns the enterprise's county; statistics roll up county to city to province on demand;
 * the county node cannot write outside its region, neither through routing nor by a summary of another region.
 */
class FederationIT {

    static final SignatureAlgorithm SM2 = SignatureAlgorithm.SM2_SM3;
    static final TestPartner PROVINCE = hub("hub-41", "410000");
    static final TestPartner CITY = hub("hub-4101", "410100");
    static final TestPartner COUNTY = hub("hub-410181", "410181");
    /** 河南省 government platform, known only to the province node. */
    static final TestPartner GOV_HN = new TestPartner("gov-hn", "GOVERNMENT", "410000",
            "enterprises:write,enterprises:read,progress:read,operations:admin", SM2, PemKeys.generate(SM2));

    static final String E1 = uscc("91410181MA0000001");
    static final String E2 = uscc("91410181MA0000002");
    static final String E3 = uscc("91410182MA0000003");
    static final String E4 = uscc("91410182MA0000004");

    static HubNodes nodes;
    static ConfigurableApplicationContext province;
    static ConfigurableApplicationContext city;
    static ConfigurableApplicationContext county;
    static String provinceUrl;
    static String cityUrl;
    static String countyUrl;

    static String uscc(String first17) {
        return first17 + Uscc.checkCharacter(first17);
    }

    static TestPartner hub(String id, String region) {
        return new TestPartner(id, "HUB", region, "", SM2, PemKeys.generate(SM2));
    }

    /** A node of the federation: signs as {@code hub}, serves its region, rolls up only when asked. */
    static HubNode node(TestPartner hub) {
        return HubNode.create(hub.id()).onFreePort().identity(hub).region(hub.regions())
                .set("hub.federation.rollup-interval", "PT1H");
    }

    @BeforeAll
    static void startThreeNodes() {
        // a call routed province -> city -> county waits for the city's own call: the first ones, on three nodes
        // just started in one JVM, may take longer than the default 10 s per hop on a loaded machine
        HubNode p = node(PROVINCE).set("hub.federation.timeout", "PT18S");
        HubNode c = node(CITY).set("hub.federation.timeout", "PT15S");
        HubNode k = node(COUNTY);
        provinceUrl = p.baseUrl();
        cityUrl = c.baseUrl();
        countyUrl = k.baseUrl();

        p.child(CITY, cityUrl)
                .extraPartner(GOV_HN)
                .extraPartner(CITY, "410100", "federation:summary,enterprises:write");
        c.parent(PROVINCE, provinceUrl).child(COUNTY, countyUrl)
                .extraPartner(PROVINCE, "410100", "enterprises:write")
                .extraPartner(COUNTY, "410181", "federation:summary,enterprises:write");
        k.parent(CITY, cityUrl)
                .extraPartner(CITY, "410181", "enterprises:write");

        nodes = HubNodes.start(k, c, p);
        county = nodes.get(0);
        city = nodes.get(1);
        province = nodes.get(2);
    }

    @AfterAll
    static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
        // the fields live as long as the test JVM: a closed node they still held would stay in its heap
        province = null;
        city = null;
        county = null;
    }

    static String enterprise(String uscc, String region) {
        return """
                {"uscc":"%s","name":"联邦测试企业","regionCode":"%s","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(uscc, region);
    }

    /** The smallest summary of the progress summary's shape (progress.yaml ProgressSummary). */
    static String summary(String region, int enterprises) {
        return """
                {"region":"%s","regionName":"测试","asOf":"2026-11-30T00:00:00Z","enterprises":%d,"pilots":0,
                 "transformed":0,"transformedMinLevel":2,"counties":{},"industries":{},"levels":{},
                 "cloudByPaymentMode":{},"subsidies":{},"deliveries":{},"devices":{"known":0,"online":0}}"""
                .formatted(region, enterprises);
    }

    static long stored(ConfigurableApplicationContext node, String uscc) {
        return node.getBean(JdbcTemplate.class).queryForObject("select count(*) from enterprise where uscc = ?",
                Long.class, uscc);
    }

    @Test
    void recordsGoToTheirCountyStatisticsRollUpAndTheCountyStaysInItsRegion() throws Exception {
        // submitted at the province, owned by 巩义市: province -> city -> county
        Reply atProvince = SignedCall.post(provinceUrl, "/api/v1/enterprises", enterprise(E1, "410181"))
                .by(GOV_HN.signer()).send();
        assertThat(atProvince.status()).as(atProvince.json().toString()).isEqualTo(201);
        assertThat(atProvince.header("Hub-Handled-By")).as("the owner, two hops away").isEqualTo("hub-410181");
        assertThat(List.of(stored(province, E1), stored(city, E1), stored(county, E1))).containsExactly(0L, 0L, 1L);

        // submitted at the city: 巩义市 goes to the county, 荥阳市 (no county node) stays at the city
        assertThat(SignedCall.post(cityUrl, "/api/v1/enterprises", enterprise(E2, "410181")).by(GOV_ZZ.signer())
                .send().header("Hub-Handled-By")).isEqualTo("hub-410181");
        Reply local = SignedCall.post(cityUrl, "/api/v1/enterprises", enterprise(E3, "410182")).by(GOV_ZZ.signer())
                .send();
        assertThat(local.status()).isEqualTo(201);
        assertThat(local.header("Hub-Handled-By")).isNull();
        assertThat(List.of(stored(city, E2), stored(county, E2), stored(city, E3), stored(county, E3)))
                .containsExactly(0L, 1L, 1L, 0L);

        // the county node cannot write outside 巩义市: a record of 荥阳市 sent there goes to the city, which refuses
        // its child's write outside the child's region; nothing is stored anywhere
        Reply outside = SignedCall.post(countyUrl, "/api/v1/enterprises", enterprise(E4,
                "410182")).by(GOV_ZZ.signer()).send();
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.problemCode()).isEqualTo("region-denied");
        assertThat(outside.json().path("detail").asText()).contains("hub-410181");
        assertThat(stored(county, E4) + stored(city, E4)).isZero();
        // ... nor send the summary of another region as its own
        Reply foreignSummary = SignedCall.post(cityUrl, "/api/v1/federation/summaries", """
                {"regionCode":"410182","asOf":"2026-11-30T00:00:00Z","summary":%s}""".formatted(
                summary("410182", 1000))).by(COUNTY.signer()).send();
        assertThat(foreignSummary.problemCode()).isEqualTo("region-denied");
        // ... nor a summary that is not a progress summary: refused at its pointers, nothing kept or added in
        Reply badSummary = SignedCall.post(cityUrl, "/api/v1/federation/summaries", """
                {"regionCode":"410181","asOf":"2026-11-30T00:00:00Z","summary":{"x":1}}""").by(COUNTY.signer())
                .send();
        assertThat(badSummary.status()).as(badSummary.json().toString()).isEqualTo(400);
        assertThat(badSummary.problemCode()).isEqualTo("validation-failed");
        assertThat(badSummary.json().path("errors")).extracting(e -> e.path("code").asText() + " "
                + e.path("pointer").asText()).contains("field-unknown /summary/x", "field-required /summary/enterprises");
        assertThat(city.getBean(JdbcTemplate.class).queryForObject("select count(*) from region_summary",
                Long.class)).isZero();
        JsonNode beforeRollUp = SignedCall.get(cityUrl, "/api/v1/progress/410100").by(GOV_ZZ.signer()).send().json();
        assertThat(beforeRollUp.has("x")).isFalse();
        assertThat(beforeRollUp.has("children")).isFalse();

        // roll-up on demand: county -> city, then city -> province
        Reply countyUp = SignedCall.post(countyUrl, "/api/v1/federation/rollup", "{}").by(GOV_ZZ.signer()).send();
        assertThat(countyUp.status()).as(countyUp.json().toString()).isEqualTo(200);
        assertThat(countyUp.json().path("parentStatus").asInt()).as(countyUp.json().toString()).isEqualTo(202);
        JsonNode cityUp = SignedCall.post(cityUrl, "/api/v1/federation/rollup", "{}").by(GOV_ZZ.signer()).send()
                .json();
        assertThat(cityUp.path("parentStatus").asInt()).as(cityUp.toString()).isEqualTo(202);
        assertThat(SignedCall.post(provinceUrl, "/api/v1/federation/rollup", "{}").by(GOV_HN.signer()).send()
                .problemCode()).isEqualTo("federation-no-parent");

        JsonNode citySummary = SignedCall.get(cityUrl, "/api/v1/progress/410100").by(GOV_ZZ.signer()).send().json();
        assertThat(citySummary.path("enterprises").asLong()).as("E3 here, E1 and E2 from the county").isEqualTo(3);
        assertThat(citySummary.path("children").has("410181")).isTrue();
        assertThat(citySummary.path("counties").path("410181").path("target").asInt())
                .as("targets are not added up").isEqualTo(107);
        JsonNode provinceSummary = SignedCall.get(provinceUrl, "/api/v1/progress/410000").by(GOV_HN.signer()).send()
                .json();
        assertThat(provinceSummary.path("enterprises").asLong()).isEqualTo(3);
        assertThat(provinceSummary.path("pilots").asLong()).isEqualTo(3);
        assertThat(provinceSummary.path("children").path("410100").path("hubId").asText()).isEqualTo("hub-4101");
    }
}
