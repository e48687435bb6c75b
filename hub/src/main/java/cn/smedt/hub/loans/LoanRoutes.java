package cn.smedt.hub.loans;

import cn.smedt.hub.delivery.Deliveries;
import cn.smedt.hub.delivery.DeliveryQueue;
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
