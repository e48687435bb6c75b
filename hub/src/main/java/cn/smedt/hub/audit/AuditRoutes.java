package cn.smedt.hub.audit;

import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Routes of the audit operations (api-specs operations.yaml). */
@Component
class AuditRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:verifyAuditLog").routeId("verifyAuditLog").routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(AuditApi.class, "verify");

        from("direct:checkpointAuditLog").routeId("checkpointAuditLog")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(AuditApi.class, "checkpoint");
    }
}
