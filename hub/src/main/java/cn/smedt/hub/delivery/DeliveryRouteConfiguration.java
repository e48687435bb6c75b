package cn.smedt.hub.delivery;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling of delivery routes (route configuration {@value #ID}): record the failed attempt, then let the
 * exception roll the JMS transaction back so the broker redelivers with exponential backoff and, after the last
 * attempt, moves the message to {@code DLQ}.
 */
@Component
class DeliveryRouteConfiguration extends RouteConfigurationBuilder {

    static final String ID = "delivery";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                    .handled(false)
                    .log(LoggingLevel.WARN, "delivery of ${exchangeProperty." + Deliveries.DECISION_ID + "} to "
                            + "${exchangeProperty." + Deliveries.TARGET + "} failed: ${exception.message}")
                    .bean(Deliveries.class, "failed");
    }
}
