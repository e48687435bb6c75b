package cn.smedt.hub.loans;

import cn.smedt.hub.gateway.PartnerApiRouteConfiguration;
import cn.smedt.hub.messaging.Outbox;
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
                .bean(Outbox.class, "attempt")
                .bean(LoanBatches.class, "process")
                .bean(Outbox.class, "done");

        from(DecisionQueue.QUEUE).routeId("decideInterestSubsidy")
                // a lost race for the record's decision is run again at once; any other failure: queued work
                .routeConfigurationId(WaitingQueueRouteConfiguration.ID + "," + QueuedWorkRouteConfiguration.ID)
                .bean(Outbox.class, "attempt")
                // the decision's deliveries are written with it (outbox) and queued once it commits
                .bean(InterestSubsidyDecider.class, "decide")
                .bean(Outbox.class, "done");
    }
}
