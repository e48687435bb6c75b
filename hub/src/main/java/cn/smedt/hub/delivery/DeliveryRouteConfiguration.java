package cn.smedt.hub.delivery;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling of delivery routes (route configuration {@value #ID}): record the failed attempt and log it in one
 * line ({@link Deliveries#failed}), then let the exception roll the JMS transaction back so the broker redelivers
 * with exponential backoff and, after the last attempt, moves the message to {@code DLQ}. Camel's own log of the
 * exhausted exchange (ERROR with message history and stack trace) is off, and so is the JMS listener container's
 * (endpoint options of {@link Deliveries.DeliveryRoute}): a receiver that is down writes one WARN line per attempt.
 */
@Component
class DeliveryRouteConfiguration extends RouteConfigurationBuilder {

    static final String ID = "delivery";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                    .handled(false)
                    .logExhausted(false)
                    .logStackTrace(false)
                    .bean(Deliveries.class, "failed");
    }
}
