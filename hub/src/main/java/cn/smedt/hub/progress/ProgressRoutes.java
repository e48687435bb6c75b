package cn.smedt.hub.progress;

import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Routes of the progress contract (api-specs progress.yaml). */
@Component
class ProgressRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:getProgress").routeId("getProgress").routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(ProgressApi.class, "summary");
    }
}
