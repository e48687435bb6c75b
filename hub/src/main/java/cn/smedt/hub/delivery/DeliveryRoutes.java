package cn.smedt.hub.delivery;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Carries planned deliveries from the durable queue to their endpoints. */
@Component
class DeliveryRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // a failed attempt is logged once, by Deliveries.failed: not again by the listener container
        from(DeliveryQueue.QUEUE)
                .routeId("deliverDecision").routeConfigurationId(DeliveryRouteConfiguration.ID)
                .bean(Deliveries.class, "received")
                .bean(Deliveries.class, "prepare")
                .toD("${exchangeProperty." + Deliveries.URL + "}")
                .bean(Deliveries.class, "delivered");
    }
}
