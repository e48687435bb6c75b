package cn.smedt.hub.messaging;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.MetricsConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds the network acceptors (MQTT for devices, Core for peers) to the embedded broker that Spring Boot
 * starts, and the redelivery policy of {@link RedeliverySchedule} (exponential backoff, scheduled on the broker so it
 * blocks no other message); a message that fails every attempt moves to the
 * dead-letter address {@code DLQ}, queue {@code DLQ.<queue>} (created on demand), where an operator finds it.
 * Security is on: {@link BrokerSecurityManager} lets the hub's own in-VM connections do anything and network clients
 * only send to the addresses their {@link BrokerClient} names; {@link MqttClientPolicy} refuses what else an MQTT
 * client sends (other topics, retained publishes, wills, subscriptions) before the broker acts on it. With
 * {@code hub.messaging.tls.bundle} both acceptors speak only TLS ({@link BrokerTls}).
 */
@Configuration(proxyBeanMethods = false)
class ArtemisBrokerConfiguration {

    static final String DEAD_LETTER_ADDRESS = "DLQ";
    static final String EXPIRY_ADDRESS = "ExpiryQueue";

    /**
     * Takes the hub's meter registries out of Micrometer's static {@code Metrics.globalRegistry} when the context
     * closes. Artemis's {@code MetricsManager} puts the registry it is given ({@link BrokerMetrics}) there and never
     * takes it out, and Spring Boot 3.5 adds its registries there and does not take them out either
     * (spring-boot#50232): a stopped hub stayed reachable, whole, for as long as its JVM ran. That is one hub in
     * production, but the integration tests start dozens in one JVM (44 stopped hubs, ~850 MB, a third of the way
     * through the suite). The hub itself only uses the registry it is given, never the global one.
     */
    @Bean
    DisposableBean meterRegistriesOutOfGlobalRegistry(ObjectProvider<MeterRegistry> meters) {
        List<MeterRegistry> registries = meters.orderedStream().toList();
        return () -> registries.forEach(Metrics.globalRegistry::remove);
    }

    @Bean
    ArtemisConfigurationCustomizer hubBrokerCustomizer(MessagingProperties props, RedeliverySchedule redelivery,
                                                       ObjectProvider<BrokerSubscription> subscriptions,
                                                       BrokerTlsProperties tlsProps, SslBundles bundles,
                                                       @Value("${hub.node.data-dir:./data}") Path dataDir,
                                                       ObjectProvider<MeterRegistry> meters) {
        return configuration -> {
            BrokerTls tls = tlsProps.enabled() ? new BrokerTls(tlsProps, bundles, dataDir) : null;
            MeterRegistry registry = meters.getIfAvailable();
            if (registry != null) {
                configuration.setMetricsConfiguration(new MetricsConfiguration().setPlugin(new BrokerMetrics(registry))
                        .setJvmMemory(false).setJvmGc(false).setJvmThread(false));
            }
            try {
                if (props.mqttUrl() != null && !props.mqttUrl().isBlank()) {
                    configuration.addAcceptorConfiguration("mqtt", props.mqttUrl() + "?protocols=MQTT");
                    configuration.getIncomingInterceptorClassNames().add(MqttClientPolicy.class.getName());
                }
                if (props.coreUrl() != null && !props.coreUrl().isBlank()) {
                    configuration.addAcceptorConfiguration("core", props.coreUrl() + "?protocols=CORE");
                }
            } catch (Exception e) {
                throw new BrokerConfigurationException("invalid acceptor URL in hub.messaging", e);
            }
            if (tls != null) {
                for (TransportConfiguration acceptor : configuration.getAcceptorConfigurations()) {
                    if ("mqtt".equals(acceptor.getName()) || "core".equals(acceptor.getName())) {
                        acceptor.getParams().putAll(tls.params());
                    }
                }
            }
            // Spring Boot pre-creates a catch-all queue "DLQ" on address DLQ; with auto-created dead-letter queues
            // (DLQ.<queue>) every dead letter would be stored twice, and a replay from one copy would leave the other
            configuration.getAddressConfigurations().removeIf(address -> DEAD_LETTER_ADDRESS.equals(address.getName()));
            configuration.registerBrokerPlugin(new MessageIdStamp());
            AddressGroupStamp groups = new AddressGroupStamp(subscriptions.orderedStream().toList());
            if (groups.groupsAny()) {
                configuration.registerBrokerPlugin(groups);
            }
            int bufferTimeout = (int) props.journalBufferTimeout().toNanos();
            configuration.setJournalBufferTimeout_NIO(bufferTimeout);
            configuration.setJournalBufferTimeout_AIO(bufferTimeout);
            configuration.setSecurityEnabled(true);
            // no authentication cache: it is keyed on user and password only, so the in-VM connections' (null, null)
            // would let an anonymous network client in; BrokerSecurityManager recognises a connection's own
            // credentials again without asking the authenticator
            configuration.setAuthenticationCacheSize(0);
            configuration.addAddressSetting("#", redelivery.applyTo(new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_ADDRESS))
                    .setExpiryAddress(SimpleString.of(EXPIRY_ADDRESS))
                    .setAutoCreateDeadLetterResources(true)
                    .setAutoCreateExpiryResources(true)));
            CoreAddressConfiguration deadLetters = new CoreAddressConfiguration().setName(DEAD_LETTER_ADDRESS)
                    .addRoutingType(RoutingType.MULTICAST);
            subscriptions.orderedStream().forEach(subscription -> subscribe(configuration, subscription, deadLetters));
            if (!deadLetters.getQueueConfigs().isEmpty()) {
                configuration.addAddressConfiguration(deadLetters);
            }
        };
    }

    /**
     * Declares a {@link BrokerSubscription}'s durable queue and its dead-letter queue. The broker's own dead-letter
     * queue for a queue is filtered on the original address, which for a wildcard address is never a message's
     * address; so this one is declared with the others on {@code DLQ}, filtered on the original queue.
     */
    private static void subscribe(org.apache.activemq.artemis.core.config.Configuration configuration,
                                  BrokerSubscription subscription, CoreAddressConfiguration deadLetters) {
        configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(subscription.address())
                .addRoutingType(RoutingType.MULTICAST).addQueueConfiguration(QueueConfiguration.of(subscription.queue())
                        .setAddress(subscription.address()).setRoutingType(RoutingType.MULTICAST).setDurable(true)));
        configuration.addAddressSetting(subscription.address(), new AddressSettings()
                .setAutoCreateDeadLetterResources(false));
        deadLetters.addQueueConfiguration(QueueConfiguration.of(DEAD_LETTER_ADDRESS + "." + subscription.queue())
                .setAddress(DEAD_LETTER_ADDRESS).setRoutingType(RoutingType.MULTICAST).setDurable(true)
                .setFilterString(Message.HDR_ORIGINAL_QUEUE + " = '" + subscription.queue() + "'"));
    }

    /** Installs {@link BrokerSecurityManager} on the broker Spring Boot creates, before it starts. */
    @Bean
    static BeanPostProcessor hubBrokerSecurity(ObjectProvider<BrokerClientAuthenticator> authenticators) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof EmbeddedActiveMQ broker) {
                    broker.setSecurityManager(new BrokerSecurityManager(authenticators));
                }
                return bean;
            }
        };
    }
}
