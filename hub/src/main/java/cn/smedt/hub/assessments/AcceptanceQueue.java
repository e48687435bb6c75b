package cn.smedt.hub.assessments;

import cn.smedt.hub.messaging.QueuedRecords;
import cn.smedt.hub.messaging.WaitingQueue;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable queue of passed acceptances waiting for their subsidy decision (body: acceptance record id), on this
 * node's broker. Waiting acceptances name the node whose queue holds their message ({@link QueuedRecords}).
 */
@Component
class AcceptanceQueue implements WaitingQueue {

    static final String QUEUE = "jms:queue:assessments.acceptances";
    /** Passed acceptances waiting for a decision message. */
    private static final QueuedRecords.WaitingTable WAITING = new QueuedRecords.WaitingTable("acceptance", "record_id",
            "status = '" + Acceptance.RECEIVED + "'");

    private final ProducerTemplate template;
    private final QueuedRecords queued;

    AcceptanceQueue(ProducerTemplate template, QueuedRecords queued) {
        this.template = template;
        this.queued = queued;
    }

    /** The node whose queue {@link #requestDecision} sends to: stamp it on the acceptance stored in the same step. */
    String node() {
        return queued.localNode();
    }

    void requestDecision(String recordId) {
        template.sendBody(QUEUE, recordId);
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
