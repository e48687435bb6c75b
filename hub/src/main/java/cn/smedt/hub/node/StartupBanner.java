package cn.smedt.hub.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Prints where this node listens once it is ready (web server listening, Camel routes and the broker started, start-up
 * runners done), so an operator knows what to call and nothing printed after it is part of the start.
 */
@Component
class StartupBanner {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

    private final HubNodeProperties node;
    private final OperatorProperties operator;
    private final String mqttUrl;
    private final String mqttTlsBundle;
    private final String hazelcastPort;

    StartupBanner(HubNodeProperties node, OperatorProperties operator,
                  @Value("${hub.messaging.mqtt-url:}") String mqttUrl,
                  @Value("${hub.messaging.tls.bundle:}") String mqttTlsBundle,
                  @Value("${hub.cluster.port:5701}") String hazelcastPort) {
        this.node = node;
        this.operator = operator;
        this.mqttUrl = mqttUrl;
        this.mqttTlsBundle = mqttTlsBundle;
        this.hazelcastPort = hazelcastPort;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        int port = web.getWebServer().getPort();
        String sslBundle = web.getEnvironment().getProperty("server.ssl.bundle", "");
        boolean https = !sslBundle.isBlank() && web.getEnvironment().getProperty("server.ssl.enabled",
                Boolean.class, true);
        boolean mqttTls = !mqttTlsBundle.isBlank();
        String base = (https ? "https" : "http") + "://127.0.0.1:" + port;
        String operators = operator.enabled() ? "http://" + operator.address() + ":" + operator.port() : null;
        String metrics = operators == null ? "not served (hub.operator.port=0)"
                : operators + "/actuator/prometheus, " + operators + "/actuator/health   (operator port)";
        String dashboard = operator.enabled() ? "http://" + operator.address() + ":" + operator.port() + "/dashboard/"
                + "   (operator port, not the partner port)" : "not served (hub.operator.port=0)";
        String transport = (https ? "HTTPS (TLS 1.3/1.2, bundle " + sslBundle + ")"
                : "plaintext HTTP (hub.transport.plaintext-http)") + ", "
                + (mqttUrl.isBlank() ? "no MQTT" : mqttTls ? "MQTT over TLS (bundle " + mqttTlsBundle + ")"
                : "plaintext MQTT") + ", plaintext operator port"
                + (https && mqttTls ? "" : "; plaintext is for loopback or behind a TLS-terminating proxy only");
        LOG.info("""

                ==== hub node '{}' (region {}) is up ====
                  partner API      {}/api/v1/   (RFC 9421 signed requests)
                  API contracts    {}/api-docs/
                  dashboard        {}
                  hub public keys  {}/.well-known/hub-keys
                  metrics, health  {}
                  MQTT (devices)   {}
                  Hazelcast        127.0.0.1:{}
                  data directory   {}
                  transport        {}
                """, node.name(), node.regionCode(), base, base, dashboard, base, metrics, mqttUrl, hazelcastPort,
                node.dataDir().toAbsolutePath(), transport);
    }
}
