package cn.smedt.hub.assessments;

import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import cn.smedt.hub.messaging.WaitingQueueRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Routes of the assessments contract (api-specs assessments.yaml) and the transformation subsidy decision flow. */
@Component
class AssessmentRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:submitAssessment").routeId("submitAssessment")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(AssessmentIntake.class, "submitAssessment");

        from("direct:getLevelHistory").routeId("getLevelHistory")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(AssessmentIntake.class, "levelHistory");

        from("direct:submitAcceptance").routeId("submitAcceptance")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(AcceptanceIntake.class, "submitAcceptance");

        from("direct:getAcceptance").routeId("getAcceptance")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(AcceptanceIntake.class, "getAcceptance");

        from(AcceptanceQueue.QUEUE).routeId("decideTransformationSubsidy")
                // a lost race for the record's decision is run again at once; any other failure: queued work
                .routeConfigurationId(WaitingQueueRouteConfiguration.ID + "," + QueuedWorkRouteConfiguration.ID)
                .bean(Outbox.class, "attempt")
                // the decisions' deliveries are written with them (outbox) and queued once they commit
                .bean(TransformationSubsidyDecider.class, "decide")
                .bean(Outbox.class, "done");
    }
}
