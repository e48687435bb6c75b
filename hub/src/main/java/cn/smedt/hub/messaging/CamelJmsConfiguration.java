package cn.smedt.hub.messaging;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * The Camel {@code jms:} component on the embedded Artemis broker. Consumers of flow queues run in local JMS
 * transactions, so a failure rolls the message back to the broker, which redelivers it with backoff and finally
 * moves it to {@code DLQ} (see {@link ArtemisBrokerConfiguration}). Messages are persistent.
 */
@Configuration(proxyBeanMethods = false)
class CamelJmsConfiguration {

    @Bean
    JmsComponent jms(ConnectionFactory connectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponentTransacted(connectionFactory,
                new JmsTransactionManager(connectionFactory));
        jms.setDeliveryPersistent(true);
        jms.setCacheLevelName("CACHE_CONSUMER");
        // a failed attempt is logged once, in one line, by the route's configuration (QueuedWorkRouteConfiguration,
        // the delivery route's): not again with a stack trace by the listener container
        jms.setErrorHandlerLoggingLevel(org.apache.camel.LoggingLevel.OFF);
        jms.setErrorHandlerLogStackTrace(false);
        return jms;
    }
}
