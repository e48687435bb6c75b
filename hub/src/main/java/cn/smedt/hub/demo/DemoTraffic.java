package cn.smedt.hub.demo;

import cn.smedt.hub.devices.OpcUaFactories;
import cn.smedt.sdk.HubSdk;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import cn.smedt.simulators.partners.AssessorAndPlatformSimulator;
import cn.smedt.simulators.partners.BankSimulator;
import cn.smedt.simulators.partners.DemoEnterprises;
import cn.smedt.simulators.partners.GovernmentPlatformSimulator;
import cn.smedt.simulators.partners.ProjectOfficeSimulator;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Profile {@code demo}: once the node listens, simulated partners call it over signed HTTP like real ones: the
 * government platform registers pilot enterprises, the bank grants loans and reports interest monthly (through the
 * partner SDK, which checks every answer's signature with the node's /.well-known/hub-keys).
 * {@code hub.demo.traffic=false} keeps the demo partners but not their traffic (benchmarks drive them instead).
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "hub.demo.traffic", havingValue = "true", matchIfMissing = true)
class DemoTraffic {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    private final Environment env;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-traffic");
        thread.setDaemon(true);
        return thread;
    });

    private volatile DemoFactories factories;

    private final ObjectProvider<OpcUaFactories> opcUaFactories;

    DemoTraffic(Environment env, ObjectProvider<OpcUaFactories> opcUaFactories) {
        this.env = env;
        this.opcUaFactories = opcUaFactories;
    }

    @EventListener
    void start(WebServerInitializedEvent event) {
        URI hub = URI.create("http://127.0.0.1:" + event.getWebServer().getPort());
        var keys = DemoPartners.keyDirectory(env);
        GovernmentPlatformSimulator platform = new GovernmentPlatformSimulator(client(hub, keys,
                DemoPartners.GOVERNMENT), DemoEnterprises.generate(60, DemoPartners.DEMO_ENTERPRISES_SEED));
        ProjectOfficeSimulator projectOffice = new ProjectOfficeSimulator(client(hub, keys, DemoPartners.GOVERNMENT),
                platform::registered);
        BankSimulator zhengzhouBank = new BankSimulator(client(hub, keys, DemoPartners.BANK), DemoPartners.BANK.id(),
                platform::registered, 7L);
        AssessorAndPlatformSimulator assessorAndPlatform = new AssessorAndPlatformSimulator(client(hub, keys,
                DemoPartners.ASSESSOR), client(hub, keys, DemoPartners.PLATFORM), platform::registered, 11L);
        String mqtt = env.getProperty("hub.messaging.mqtt-url", "");
        int opcuaPort = env.getProperty("hub.demo.opcua-port", Integer.class, 0);
        factories = mqtt.isBlank() && opcuaPort == 0 ? null
                : new DemoFactories(mqtt, platform, opcUaFactories.getIfAvailable(), opcuaPort);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                platform.tick(2);
                projectOffice.tick();
                zhengzhouBank.tick();
                assessorAndPlatform.tick();
                if (factories != null) {
                    factories.tick();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("demo traffic: {}", e.toString());
            }
        }, 3, 2, TimeUnit.SECONDS);
        LOG.info("demo: simulated government platform and bank are sending signed requests to {}", hub);
    }

    /** The partner SDK signing with the demo partner's key; answers checked with this node's /.well-known/hub-keys. */
    private static HubSdk client(URI hub, java.nio.file.Path keys, DemoPartners.Demo demo) {
        return HubSdk.builder().baseUri(hub).signer(Signers.create(SignatureAlgorithm.SM2_SM3,
                DemoPartners.keyPair(keys, demo).getPrivate(), demo.keyId())).build();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        scheduler.shutdownNow();
        if (factories != null) {
            factories.close();
        }
    }
}
