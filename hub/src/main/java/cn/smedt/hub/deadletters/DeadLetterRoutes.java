package cn.smedt.hub.deadletters;

import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Routes of the operations contract (api-specs operations.yaml). */
@Component
class DeadLetterRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:listDeadLetters").routeId("listDeadLetters")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(DeadLetters.class, "list");

        from("direct:replayDeadLetter").routeId("replayDeadLetter")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(DeadLetters.class, "replay");

        from("direct:replayDeadLetters").routeId("replayDeadLetters")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(DeadLetters.class, "replayMatching");
    }
}
