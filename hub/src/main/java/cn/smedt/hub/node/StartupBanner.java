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
    private final String mqttUrl;
    private final String hazelcastPort;

    StartupBanner(HubNodeProperties node,
                  @Value("${hub.messaging.mqtt-url:}") String mqttUrl,
                  @Value("${hub.cluster.port:5701}") String hazelcastPort) {
        this.node = node;
        this.mqttUrl = mqttUrl;
        this.hazelcastPort = hazelcastPort;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        int port = web.getWebServer().getPort();
        String base = "http://127.0.0.1:" + port;
        // management.server.port: its own port (the default, 8081) or the partner port (then the property is unset)
        String operators = "http://127.0.0.1:" + web.getEnvironment().getProperty("local.management.port",
                String.valueOf(port));
        LOG.info("""

                ==== hub node '{}' (region {}) is up ====
                  partner API      {}/api/v1/   (RFC 9421 signed requests)
                  API contracts    {}/api-docs/
                  dashboard        {}/dashboard/
                  hub public keys  {}/.well-known/hub-keys
                  metrics, health  {}/actuator/prometheus, {}/actuator/health (operators)
                  MQTT (devices)   {}
                  Hazelcast        127.0.0.1:{}
                  data directory   {}
                  transport        plaintext HTTP and MQTT (no TLS on these listeners)
                """, node.name(), node.regionCode(), base, base, base, base, operators, operators, mqttUrl,
                hazelcastPort,
                node.dataDir().toAbsolutePath());
    }
}
