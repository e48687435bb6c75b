package cn.smedt.hub.enterprises;

import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Routes of the enterprises contract (api-specs enterprises.yaml). */
@Component
class EnterpriseRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:registerEnterprise").routeId("registerEnterprise")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(EnterpriseRegistry.class, "register");

        from("direct:getEnterprise").routeId("getEnterprise")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(EnterpriseRegistry.class, "get");
    }
}
