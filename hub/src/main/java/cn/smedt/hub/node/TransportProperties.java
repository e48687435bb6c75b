package cn.smedt.hub.node;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this node's connections are protected (docs/security-transport.md). The partner API's own certificate is the
 * SSL bundle named by {@code server.ssl.bundle}; the broker's acceptors use {@code hub.messaging.ssl-bundle}.
 *
 * @param plaintextHttp  allow the partner API on plain HTTP (no {@code server.ssl.bundle}): only behind a proxy that
 *                       terminates TLS (then also {@code server.forward-headers-strategy: native}, so that
 *                       {@code X-Forwarded-*} make the URL partners signed as {@code @target-uri}), or for the loopback
 *                       demo. Default false: a node without TLS on the partner API refuses to start
 * @param outboundBundle the SSL bundle ({@code spring.ssl.bundle.*}) whose trust store verifies the certificates of the
 *                       hubs and receivers this node calls (federation, deliveries) and whose key store, when it has
 *                       one, is this node's client certificate (mutual TLS); empty: the JDK's default trust store and
 *                       no client certificate
 */
@ConfigurationProperties(prefix = "hub.transport")
public record TransportProperties(boolean plaintextHttp, String outboundBundle) {
}
