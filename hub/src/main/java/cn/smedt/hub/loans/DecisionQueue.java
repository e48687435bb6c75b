package cn.smedt.hub.loans;

import cn.smedt.hub.messaging.Outbox;
import org.springframework.stereotype.Component;

/**
 * The durable queue of interest periods waiting for a subsidy decision (body: period id), fed through the
 * {@link Outbox}: a period's message is written with the period and relayed after the commit.
 */
@Component
class DecisionQueue {

    static final String QUEUE = "jms:queue:loans.interest-periods";

    private final Outbox outbox;

    DecisionQueue(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Queues the period for its decision, in the period's transaction. */
    void requestDecision(String periodId) {
        outbox.write(Outbox.Message.work(QUEUE, periodId));
    }
}
