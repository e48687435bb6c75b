package cn.smedt.hub.assessments;

import cn.smedt.hub.messaging.Outbox;
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
                .bean(Outbox.class, "attempt")
                // the decisions' deliveries are written with them (outbox) and queued once they commit
                .bean(TransformationSubsidyDecider.class, "decide")
                .bean(Outbox.class, "done");
    }
}
