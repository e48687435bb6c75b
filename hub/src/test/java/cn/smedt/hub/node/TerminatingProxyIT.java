package cn.smedt.hub.node;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A node behind a proxy that terminates TLS (docs/security-transport.md): plain HTTP only because
 * {@code hub.transport.plaintext-http} allows it, and {@code server.forward-headers-strategy: native} makes the URL the
 * partner signed ({@code @target-uri} {@code https://hub.example.cn/...}) out of the proxy's {@code X-Forwarded-*}
 * headers; without them the same signed request does not verify.
 */
@HubIT
class TerminatingProxyIT {

    static final String PUBLIC = "https://hub.example.cn";

    @HubIT.Settings
    static void node(HubNode node) {
        node.plaintext().set("server.forward-headers-strategy", "native");
    }

    @LocalServerPort
    int port;

    @Test
    void theSignedTargetUriIsTheOneThePartnerUsedThroughTheProxy() throws Exception {
        String node = "http://127.0.0.1:" + port;
        SignedCall.Reply proxied = SignedCall.get(PUBLIC, "/api/v1/progress/410100").by(GOV_ZZ.signer())
                .via(node, PUBLIC).mutateHeaders(headers -> {
                    headers.put("x-forwarded-proto", List.of("https"));
                    headers.put("x-forwarded-host", List.of("hub.example.cn"));
                    headers.put("x-forwarded-port", List.of("443"));
                    headers.put("x-forwarded-for", List.of("203.0.113.7"));
                }).send();
        assertThat(proxied.status()).isEqualTo(200);

        SignedCall.Reply direct = SignedCall.get(PUBLIC, "/api/v1/progress/410100").by(GOV_ZZ.signer())
                .via(node, PUBLIC).send();
        assertThat(direct.status()).as("signed for the public URL, received without the proxy's headers")
                .isEqualTo(401);
    }
}
