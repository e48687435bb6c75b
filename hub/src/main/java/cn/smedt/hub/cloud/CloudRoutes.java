package cn.smedt.hub.cloud;

import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Routes of the cloud-adoption contract (api-specs cloud-adoption.yaml) and its batch processing. */
@Component
class CloudRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:submitCloudAdoption").routeId("submitCloudAdoption")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(CloudAdoptionIntake.class, "submit");

        from("direct:getCloudAdoption").routeId("getCloudAdoption")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(CloudAdoptionIntake.class, "current");

        from("direct:submitCloudAdoptionBatch").routeId("submitCloudAdoptionBatch")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(CloudAdoptionBatches.class, "accept");

        from("direct:getCloudAdoptionBatch").routeId("getCloudAdoptionBatch")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(CloudAdoptionBatches.class, "job");

        from("direct:getCloudAdoptionBatchResults").routeId("getCloudAdoptionBatchResults")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(CloudAdoptionBatches.class, "results");

        from(CloudAdoptionBatches.QUEUE).routeId("processCloudAdoptionBatch").routeConfigurationId(QueuedWorkRouteConfiguration.ID)
                .bean(Outbox.class, "attempt")
                .bean(CloudAdoptionBatches.class, "process")
                .bean(Outbox.class, "done");
    }
}
