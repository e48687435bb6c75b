package cn.smedt.hub.messaging;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds the network acceptors (MQTT for devices, Core for peers) to the embedded broker that Spring Boot
 * starts, and the redelivery policy of {@link RedeliverySchedule} (exponential backoff, scheduled on the broker so it
 * blocks no other message); a message that fails every attempt moves to the
 * dead-letter address {@code DLQ}, queue {@code DLQ.<queue>} (created on demand), where an operator finds it.
 * Security is on: {@link BrokerSecurityManager} lets the hub's own connections do anything and devices only publish
 * under their enterprise's topics.
 */
@Configuration(proxyBeanMethods = false)
class ArtemisBrokerConfiguration {

    static final String DEAD_LETTER_ADDRESS = "DLQ";
    static final String EXPIRY_ADDRESS = "ExpiryQueue";

    @Bean
    ArtemisConfigurationCustomizer hubBrokerCustomizer(MessagingProperties props, RedeliverySchedule redelivery) {
        return configuration -> {
            try {
                if (props.mqttUrl() != null && !props.mqttUrl().isBlank()) {
                    configuration.addAcceptorConfiguration("mqtt", props.mqttUrl() + "?protocols=MQTT");
                }
                if (props.coreUrl() != null && !props.coreUrl().isBlank()) {
                    configuration.addAcceptorConfiguration("core", props.coreUrl() + "?protocols=CORE,AMQP");
                }
            } catch (Exception e) {
                throw new BrokerConfigurationException("invalid acceptor URL in hub.messaging", e);
            }
            // Spring Boot pre-creates a catch-all queue "DLQ" on address DLQ; with auto-created dead-letter queues
            // (DLQ.<queue>) every dead letter would be stored twice, and a replay from one copy would leave the other
            configuration.getAddressConfigurations().removeIf(address -> DEAD_LETTER_ADDRESS.equals(address.getName()));
            configuration.setSecurityEnabled(true);
            // no authentication cache: it is keyed on user and password only, so the in-VM connections' (null, null)
            // would let an anonymous network client in; devices authenticate once per connection anyway
            configuration.setAuthenticationCacheSize(0);
            configuration.addAddressSetting("#", redelivery.applyTo(new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_ADDRESS))
                    .setExpiryAddress(SimpleString.of(EXPIRY_ADDRESS))
                    .setAutoCreateDeadLetterResources(true)
                    .setAutoCreateExpiryResources(true)));
        };
    }

    /** Installs {@link BrokerSecurityManager} on the broker Spring Boot creates, before it starts. */
    @Bean
    static BeanPostProcessor hubBrokerSecurity(ObjectProvider<BrokerInternalCredentials> internal,
                                               ObjectProvider<BrokerClientAuthenticator> authenticators) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof EmbeddedActiveMQ broker) {
                    broker.setSecurityManager(new BrokerSecurityManager(internal.getObject(), authenticators));
                }
                return bean;
            }
        };
    }
}
