package cn.smedt.hub.loans;

import cn.smedt.hub.delivery.Deliveries;
import cn.smedt.hub.delivery.DeliveryQueue;
import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import cn.smedt.hub.messaging.WaitingQueueRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Routes of the loans contract (api-specs loans.yaml) and the interest subsidy decision flow. */
@Component
class LoanRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:submitLoan").routeId("submitLoan").routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(LoanIntake.class, "submitLoan");

        from("direct:submitInterestPeriod").routeId("submitInterestPeriod")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(LoanIntake.class, "submitInterestPeriod");

        from("direct:getLoan").routeId("getLoan").routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(LoanIntake.class, "getLoan");

        from("direct:submitLoanBatch").routeId("submitLoanBatch")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(LoanBatches.class, "accept");

        from("direct:getLoanBatch").routeId("getLoanBatch").routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(LoanBatches.class, "job");

        from("direct:getLoanBatchResults").routeId("getLoanBatchResults")
                .routeConfigurationId(PartnerApiRouteConfiguration.ID)
                .bean(LoanBatches.class, "results");

        from(LoanBatches.QUEUE).routeId("processLoanBatch").routeConfigurationId(QueuedWorkRouteConfiguration.ID)
                .bean(LoanBatches.class, "process");

        from(DecisionQueue.QUEUE).routeId("decideInterestSubsidy")
                // a lost race for the record's decision is run again at once; any other failure: queued work
                .routeConfigurationId(WaitingQueueRouteConfiguration.ID + "," + QueuedWorkRouteConfiguration.ID)
                .bean(InterestSubsidyDecider.class, "decide")
                .filter(body().isNotNull())
                    .setProperty(Deliveries.DECISION_ID, body())
                    .split(method(Deliveries.class, "openTargets"))
                        .setHeader(DeliveryQueue.TARGET_HEADER, body())
                        .setBody(exchangeProperty(Deliveries.DECISION_ID))
                        .to(DeliveryQueue.QUEUE);
    }
}
