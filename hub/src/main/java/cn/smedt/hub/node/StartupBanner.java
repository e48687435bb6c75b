package cn.smedt.hub.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints where this node listens once the web server is up, so an operator knows what to call. */
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
    void onWebServerReady(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        String base = "http://127.0.0.1:" + port;
        LOG.info("""

                ==== hub node '{}' (region {}) is up ====
                  partner API      {}/api/v1/   (RFC 9421 signed requests)
                  API contracts    {}/api-docs/
                  hub public keys  {}/.well-known/hub-keys
                  MQTT (devices)   {}
                  Hazelcast        127.0.0.1:{}
                  data directory   {}
                """, node.name(), node.regionCode(), base, base, base, mqttUrl, hazelcastPort,
                node.dataDir().toAbsolutePath());
    }
}
