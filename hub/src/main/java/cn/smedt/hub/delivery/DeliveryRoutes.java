package cn.smedt.hub.delivery;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The one route that delivers to partners: from the durable queue of planned deliveries ({@link Deliveries#QUEUE}) to
 * the target's endpoint as a signed POST, in the queue's JMS transaction (route configuration
 * {@link DeliveryRouteConfiguration}: broker redelivery with backoff, then the dead-letter queue).
 */
@Component
class DeliveryRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // a failed attempt is logged once, by Deliveries.failed: not again by the listener container
        from(Deliveries.QUEUE)
                .routeId("deliverDecision").routeConfigurationId(DeliveryRouteConfiguration.ID)
                .bean(Deliveries.class, "received")
                .bean(Deliveries.class, "prepare")
                .toD("${exchangeProperty." + Deliveries.URL + "}")
                .bean(Deliveries.class, "delivered");
    }
}
