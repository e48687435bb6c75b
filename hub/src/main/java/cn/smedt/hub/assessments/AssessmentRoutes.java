package cn.smedt.hub.assessments;

import cn.smedt.hub.delivery.Deliveries;
import cn.smedt.hub.delivery.DeliveryQueue;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import cn.smedt.hub.messaging.WaitingQueueRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The queued work of assessments: the transformation subsidy decision flow. */
@Component
class AssessmentRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(AcceptanceQueue.QUEUE).routeId("decideTransformationSubsidy")
                // a lost race for the record's decision is run again at once; any other failure: queued work
                .routeConfigurationId(WaitingQueueRouteConfiguration.ID + "," + QueuedWorkRouteConfiguration.ID)
                .bean(TransformationSubsidyDecider.class, "decide")
                .split(body())
                    .setProperty(Deliveries.DECISION_ID, body())
                    .split(method(Deliveries.class, "openTargets"))
                        .setHeader(DeliveryQueue.TARGET_HEADER, body())
                        .setBody(exchangeProperty(Deliveries.DECISION_ID))
                        .to(DeliveryQueue.QUEUE)
                    .end()
                .end();
    }
}
