package cn.smedt.hub.federation;

import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The federation contract (api-specs federation.yaml). */
@Component
class FederationRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:submitRegionSummary").routeId("submitRegionSummary")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(RegionRollup.class, "receive");

        from("direct:rollUpNow").routeId("rollUpNow").routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(RegionRollup.class, "rollUpNow");
    }
}
