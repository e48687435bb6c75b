package cn.smedt.hub.assessments;

import cn.smedt.hub.messaging.QueuedRecords;
import cn.smedt.hub.messaging.WaitingQueue;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable queue of passed acceptances waiting for their subsidy decision (body: acceptance record id), on this
 * node's broker. Waiting acceptances name the journal that holds their message ({@link QueuedRecords}).
 */
@Component
class AcceptanceQueue extends WaitingQueue {

    static final String QUEUE = "jms:queue:assessments.acceptances";

    AcceptanceQueue(ProducerTemplate template, QueuedRecords queued) {
        super(template, queued, QUEUE, new QueuedRecords.WaitingTable("acceptance", "record_id",
                "status = '" + Acceptance.RECEIVED + "'"));
    }

    void requestDecision(String recordId) {
        send(recordId);
    }
}
