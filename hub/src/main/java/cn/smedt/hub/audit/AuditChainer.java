package cn.smedt.hub.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Chains the pending audit entries ({@link AuditLog#chainPending}) every {@code hub.audit.chain-interval} (default
 * PT0.15S, from the start) on every node; nodes sharing the database take turns on the {@code audit_head} lock. With
 * the database unavailable a round fails (logged once per outage, not every round) and the entries wait, committed,
 * for the next; entries left pending by a crash are chained by the first round after the restart.
 */
@Component
class AuditChainer {

    private static final Logger LOG = LoggerFactory.getLogger(AuditChainer.class);

    private final AuditLog log;
    private volatile boolean failing;

    AuditChainer(AuditLog log) {
        this.log = log;
    }

    @Scheduled(fixedDelayString = "${hub.audit.chain-interval:PT0.15S}", initialDelayString = "PT0S")
    void chain() {
        try {
            log.chainPending();
            if (failing) {
                LOG.info("audit chaining works again");
                failing = false;
            }
        } catch (DataAccessException | TransactionException e) {
            if (!failing) {
                LOG.warn("audit chaining failed, pending entries wait for the next round: {}", e.toString());
                failing = true;
            }
        }
    }
}
