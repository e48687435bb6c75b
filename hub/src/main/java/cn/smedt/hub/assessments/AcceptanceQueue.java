package cn.smedt.hub.assessments;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** The durable queue of passed acceptances waiting for their subsidy decision (body: acceptance record id). */
@Component
class AcceptanceQueue {

    static final String QUEUE = "jms:queue:assessments.acceptances";

    private final ProducerTemplate template;

    AcceptanceQueue(ProducerTemplate template) {
        this.template = template;
    }

    void requestDecision(String recordId) {
        template.sendBody(QUEUE, recordId);
    }
}
