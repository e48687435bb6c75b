package cn.smedt.hub.loans;

import cn.smedt.hub.messaging.QueuedRecords;
import cn.smedt.hub.messaging.WaitingQueue;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable queue of interest periods waiting for a subsidy decision, on this node's broker. Waiting periods name
 * the node whose queue holds their message ({@link QueuedRecords}), so that a live node takes over a dead one's.
 */
@Component
class DecisionQueue implements WaitingQueue {

    static final String QUEUE = "jms:queue:loans.interest-periods";
    /** Periods waiting for a decision message. */
    private static final QueuedRecords.WaitingTable WAITING = new QueuedRecords.WaitingTable("interest_period",
            "period_id", "status = 'RECEIVED'");

    private final ProducerTemplate template;
    private final QueuedRecords queued;

    DecisionQueue(ProducerTemplate template, QueuedRecords queued) {
        this.template = template;
        this.queued = queued;
    }

    /** The node whose queue {@link #requestDecision} sends to: stamp it on the period stored in the same step. */
    String node() {
        return queued.localNode();
    }

    void requestDecision(String periodId) {
        template.sendBody(QUEUE, periodId);
    }

    @Override
    public QueuedRecords.WaitingTable waiting() {
        return WAITING;
    }

    @Override
    public void requeue(String recordId) {
        requestDecision(recordId);
    }
}
