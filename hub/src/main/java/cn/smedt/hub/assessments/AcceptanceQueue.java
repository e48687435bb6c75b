package cn.smedt.hub.assessments;

import cn.smedt.hub.messaging.Outbox;
import org.springframework.stereotype.Component;

/**
 * The durable queue of passed acceptances waiting for their subsidy decision (body: acceptance record id), fed
 * through the {@link Outbox}: an acceptance's message is written with the acceptance and relayed after the commit.
 */
@Component
class AcceptanceQueue {

    static final String QUEUE = "jms:queue:assessments.acceptances";

    private final Outbox outbox;

    AcceptanceQueue(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Queues the acceptance for its decision, in the acceptance's transaction. */
    void requestDecision(String recordId) {
        outbox.write(Outbox.Message.work(QUEUE, recordId));
    }
}
