package cn.smedt.hub.loans;

import cn.smedt.hub.messaging.QueuedRecords;
import cn.smedt.hub.messaging.WaitingQueue;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable queue of interest periods waiting for a subsidy decision, on this node's broker. Waiting periods name
 * the journal that holds their message ({@link QueuedRecords}), so that a live node takes over a dead one's.
 */
@Component
class DecisionQueue extends WaitingQueue {

    static final String QUEUE = "jms:queue:loans.interest-periods";

    DecisionQueue(ProducerTemplate template, QueuedRecords queued) {
        super(template, queued, QUEUE, new QueuedRecords.WaitingTable("interest_period", "period_id",
                "status = 'RECEIVED'"));
    }

    void requestDecision(String periodId) {
        send(periodId);
    }
}
