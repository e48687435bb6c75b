package cn.smedt.hub.loans;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox sweep: a period stored but never decided (its queue message lost because the node died between the
 * database commit and the send) is queued again. Deciding is idempotent per period, so a second message is harmless.
 */
@Component
class UndecidedPeriodSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(UndecidedPeriodSweeper.class);

    private final LoanRepository loans;
    private final DecisionQueue queue;
    private final Clock clock;
    private final Duration grace;

    UndecidedPeriodSweeper(LoanRepository loans, DecisionQueue queue, Clock clock,
                           @Value("${hub.loans.requeue-after:PT2M}") Duration grace) {
        this.loans = loans;
        this.queue = queue;
        this.clock = clock;
        this.grace = grace;
    }

    @Scheduled(fixedDelayString = "${hub.loans.sweep-interval:PT1M}", initialDelayString = "PT20S")
    void requeueUndecided() {
        List<String> stale = loans.undecidedSince(clock.instant().minus(grace), 1000);
        if (!stale.isEmpty()) {
            LOG.warn("re-queueing {} interest periods without a decision", stale.size());
            stale.forEach(queue::requestDecision);
        }
    }
}
