package cn.smedt.hub.loans;

import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import cn.smedt.hub.messaging.WaitingQueueRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The queued work of loans: batch uploads and the interest subsidy decision flow. */
@Component
class LoanRoutes extends RouteBuilder {

    @Override
    public void configure() {
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
