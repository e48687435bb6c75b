package cn.smedt.hub.policyapi;

import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Routes of the policies contract (api-specs policies.yaml). */
@Component
class PolicyApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:listPolicies").routeId("listPolicies").routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(PolicyListing.class, "list");

        from("direct:getLprTable").routeId("getLprTable").routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(LprPublications.class, "table");

        from("direct:publishLpr").routeId("publishLpr").routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(LprPublications.class, "publish");
    }
}
