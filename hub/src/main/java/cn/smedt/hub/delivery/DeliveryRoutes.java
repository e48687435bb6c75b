package cn.smedt.hub.delivery;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Carries planned deliveries from the durable queue to their endpoints. */
@Component
class DeliveryRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(DeliveryQueue.QUEUE).routeId("deliverDecision").routeConfigurationId(DeliveryRouteConfiguration.ID)
                .setProperty(Deliveries.DECISION_ID, body())
                .setProperty(Deliveries.TARGET, header(DeliveryQueue.TARGET_HEADER))
                .bean(Deliveries.class, "prepare")
                .toD("${exchangeProperty." + Deliveries.URL + "}")
                .bean(Deliveries.class, "delivered");
    }
}
