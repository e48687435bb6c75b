package cn.smedt.hub.loans;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** The durable queue of interest periods waiting for a subsidy decision. */
@Component
class DecisionQueue {

    static final String QUEUE = "jms:queue:loans.interest-periods";

    private final ProducerTemplate template;

    DecisionQueue(ProducerTemplate template) {
        this.template = template;
    }

    void requestDecision(String periodId) {
        template.sendBody(QUEUE, periodId);
    }
}
