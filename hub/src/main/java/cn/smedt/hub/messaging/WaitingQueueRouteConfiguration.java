package cn.smedt.hub.messaging;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Error handling of the routes that decide a record queued through the {@link Outbox} (route configuration
 * {@value #ID}). A record can be decided by two consumers at once: a survivor that took it over while the message
 * of the node that died comes back with that node, or two messages of one record on one node. Decisions are unique
 * per record, so the loser's transaction fails on that key and rolls back; the step is then run once more, at once,
 * and finds the winner's decision (deciding is idempotent per record): one decision, no broker redelivery. Anything
 * else rolls the JMS transaction back as before (broker redelivery with backoff, then DLQ).
 */
@Component
public class WaitingQueueRouteConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "waiting-queue";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(DuplicateKeyException.class)
                    .maximumRedeliveries(1).redeliveryDelay(0)
                    .retryAttemptedLogLevel(LoggingLevel.INFO)
                    .handled(false);
    }
}
