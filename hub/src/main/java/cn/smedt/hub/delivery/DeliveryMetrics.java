package cn.smedt.hub.delivery;

import cn.smedt.hub.kernel.ConnectorHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What the delivery route measures (docs/metrics.md):
 * <ul>
 *   <li>{@value #ATTEMPTS}: every attempt, timed from the signed request's preparation to the receiver's answer, by
 *       {@code target} ({@code GOVERNMENT} or {@code PARTNER:<id>}), {@code event} (decision, KPI report) and
 *       {@code outcome}: {@code delivered}, {@code retry} (the broker tries again) or {@code dead-lettered} (no
 *       attempt left);</li>
 *   <li>as {@link ConnectorHealth}, {@code hub.connector.up{connector="delivery:<target>"}}: 1 while the target's
 *       last attempt succeeded, 0 after a failed one (a target appears with its first attempt).</li>
 * </ul>
 */
@Component
class DeliveryMetrics implements ConnectorHealth {

    static final String ATTEMPTS = "hub.delivery.attempts";

    private final MeterRegistry registry;
    /** By target: whether its last attempt succeeded. */
    private final Map<String, Boolean> lastSucceeded = new ConcurrentHashMap<>();

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records an attempt to {@code target} that started at {@code startNanos} ({@link System#nanoTime()}). */
    void attempted(String target, String eventType, Outcome outcome, Long startNanos) {
        if (startNanos != null) {
            Timer.builder(ATTEMPTS).description("Delivery attempts to partners, by target, event and outcome")
                    .tag("target", target == null ? "unknown" : target)
                    .tag("event", eventType == null ? "unknown" : eventType)
                    .tag("outcome", outcome.tag)
                    .register(registry).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
        if (target != null) {
            lastSucceeded.put(target, outcome == Outcome.DELIVERED);
        }
    }

    @Override
    public Map<String, Boolean> connectors() {
        Map<String, Boolean> connectors = new TreeMap<>();
        lastSucceeded.forEach((target, up) -> connectors.put("delivery:" + target, up));
        return connectors;
    }

    /** How an attempt ended. */
    enum Outcome {
        DELIVERED("delivered"), RETRY("retry"), DEAD_LETTERED("dead-lettered");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }
}
