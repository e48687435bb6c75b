package cn.smedt.hub.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Re-queues planned deliveries that were never attempted within a grace period: their message was lost in a crash
 * between the decision's database commit and the broker's (found by bench/crash-test). Receivers deduplicate by
 * decision id, so a delivery re-queued while its message was merely slow is harmless. Deliveries that were
 * attempted and failed are the broker's business (redelivery, then the dead-letter queue), not this sweeper's.
 */
@Component
class StalledDeliverySweeper {

    private static final Logger LOG = LoggerFactory.getLogger(StalledDeliverySweeper.class);

    private final JdbcTemplate jdbc;
    private final ProducerTemplate template;
    private final Clock clock;
    private final Duration grace;

    StalledDeliverySweeper(JdbcTemplate jdbc, ProducerTemplate template, Clock clock,
                           @Value("${hub.delivery.requeue-after:PT2M}") Duration grace) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
        this.grace = grace;
    }

    @Scheduled(fixedDelayString = "${hub.delivery.sweep-interval:PT1M}", initialDelayString = "PT20S")
    void requeueStalled() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(grace));
        List<Map<String, Object>> stalled = jdbc.queryForList("select decision_id, target from delivery"
                + " where status = 'PENDING' and attempts = 0 and updated_at < ? order by updated_at"
                + " fetch first 1000 rows only", cutoff);
        if (stalled.isEmpty()) {
            return;
        }
        LOG.warn("re-queueing {} deliveries never attempted since {}", stalled.size(), cutoff.toInstant());
        for (Map<String, Object> row : stalled) {
            jdbc.update("update delivery set updated_at = ? where decision_id = ? and target = ?",
                    Timestamp.from(clock.instant()), row.get("decision_id"), row.get("target"));
            template.sendBodyAndHeader(DeliveryQueue.QUEUE, row.get("decision_id"), DeliveryQueue.TARGET_HEADER,
                    row.get("target"));
        }
    }
}
