package cn.smedt.hub.cloud;

import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The queued work of cloud adoption: batch processing. */
@Component
class CloudRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(CloudAdoptionBatches.QUEUE).routeId("processCloudAdoptionBatch").routeConfigurationId(QueuedWorkRouteConfiguration.ID)
                .bean(Outbox.class, "attempt")
                .bean(CloudAdoptionBatches.class, "process")
                .bean(Outbox.class, "done");
    }
}
