package cn.smedt.hub.progress;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard's drill-down as an operator uses it in a browser (headless Chromium through the DevTools protocol,
 * {@link ChromiumPage}): from the city's page a click on a county goes to that county's address, a click on an
 * enterprise to the enterprise's, and the browser's back button walks up again level by level (forward down again),
 * each time with the address and the page's heading of that level. {@link DashboardIT} checks the figures of each
 * level opened by its address.
 */
@HubIT
class DashboardNavigationIT {

    static final String FIRST_17 = "91410181MA0NAW001";
    static final String ENTERPRISE = FIRST_17 + Uscc.checkCharacter(FIRST_17);
    static final String NAME = "巩义市导航测试企业";

    @LocalServerPort
    int port;

    @Value("${hub.operator.port}")
    int operatorPort;

    @Test
    void eachLevelHasItsAddressAndBackWalksUp() throws Exception {
        assertThat(SignedCall.post(HubNode.url(port), "/api/v1/enterprises", """
                {"uscc":"%s","name":"%s","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(ENTERPRISE, NAME))
                .by(GOV_ZZ.signer()).send().status()).isIn(200, 201);
        assertThat(ChromiumPage.CHROMIUM).as("headless Chromium: apt-get install chromium (.ci/run does)").exists();
        String dashboard = "http://127.0.0.1:" + operatorPort + "/dashboard/";
        try (ChromiumPage page = ChromiumPage.open()) {
            // no 5-second refresh: only the page's own handling of the click or of back/forward may change what it
            // shows, so a page that ignored the browser's history would fail here instead of catching up later
            page.beforeEveryDocument("window.setInterval = () => 0;");
            page.navigate(dashboard);
            showing(page, "/dashboard/", "郑州市");
            page.eval("window.sameDocument = true");
            assertThat(page.eval("String(window.setInterval)")).as("no refresh timer").isEqualTo("() => 0");

            click(page, "/dashboard/region/410181");
            showing(page, "/dashboard/region/410181", "巩义市");

            click(page, "/dashboard/enterprise/" + ENTERPRISE);
            showing(page, "/dashboard/enterprise/" + ENTERPRISE, NAME);
            assertThat(page.eval("document.body.getAttribute('data-level')")).isEqualTo("ENTERPRISE");

            page.eval("history.back()");
            showing(page, "/dashboard/region/410181", "巩义市");
            assertThat(page.eval("String(window.sameDocument)")).as("one document: the levels are history entries")
                    .isEqualTo("true");
            page.eval("history.back()");
            showing(page, "/dashboard/", "郑州市");
            page.eval("history.forward()");
            showing(page, "/dashboard/region/410181", "巩义市");

            // the path in the header links each level above: from the county back to the city in one click
            page.eval("document.querySelector('#path a[data-nav][href=\"/dashboard/\"]').click()");
            showing(page, "/dashboard/", "郑州市");
        }
    }

    private static void click(ChromiumPage page, String href) throws Exception {
        String link = "document.querySelector('a[data-nav][href=\"" + href + "\"]')";
        await().atMost(Duration.ofSeconds(30)).until(() -> "true".equals(page.eval(link + " !== null")));
        page.eval(link + ".click()");
    }

    /** Waits until the page shows the level: its address and the heading's region or enterprise name. */
    private static void showing(ChromiumPage page, String path, String heading) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(page.eval("location.pathname")).isEqualTo(path);
            assertThat(page.eval("document.getElementById('regionName').textContent")).isEqualTo(heading);
        });
    }
}
