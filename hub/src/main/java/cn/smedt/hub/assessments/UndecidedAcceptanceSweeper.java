package cn.smedt.hub.assessments;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox sweep: a passed acceptance stored but never decided (its queue message lost because the node died
 * between the commit and the send) is queued again. Deciding is idempotent per acceptance.
 */
@Component
class UndecidedAcceptanceSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(UndecidedAcceptanceSweeper.class);

    private final AcceptanceRepository acceptances;
    private final AcceptanceQueue queue;
    private final Clock clock;
    private final Duration grace;

    UndecidedAcceptanceSweeper(AcceptanceRepository acceptances, AcceptanceQueue queue, Clock clock,
                               @Value("${hub.assessments.requeue-after:PT2M}") Duration grace) {
        this.acceptances = acceptances;
        this.queue = queue;
        this.clock = clock;
        this.grace = grace;
    }

    @Scheduled(fixedDelayString = "${hub.assessments.sweep-interval:PT1M}", initialDelayString = "PT20S")
    void requeueUndecided() {
        List<String> stale = acceptances.undecidedSince(clock.instant().minus(grace), 1000);
        if (!stale.isEmpty()) {
            LOG.warn("re-queueing {} passed acceptances without a decision", stale.size());
            stale.forEach(queue::requestDecision);
        }
    }
}
