package cn.smedt.hub.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;

/**
 * Hands the hub's Micrometer registry to the embedded broker, which then publishes its own meters there
 * (docs/metrics.md): per queue {@code artemis.message.count} (depth; the dead letters of queue {@code q} are the
 * depth of {@code DLQ.q}), {@code artemis.delivering.message.count}, {@code artemis.scheduled.message.count} (waiting
 * for a redelivery), {@code artemis.messages.added}/{@code acknowledged}/{@code killed}, {@code artemis.consumer.count},
 * each tagged {@code broker}, {@code address} and {@code queue}; per address {@code artemis.routed.message.count}
 * and {@code artemis.unrouted.message.count}. The JVM meters the broker could add are off: Spring Boot has them.
 */
final class BrokerMetrics implements ActiveMQMetricsPlugin {

    private static final long serialVersionUID = 1L;

    /** The registry; not serialised (the broker never does: the interface is Serializable for its configuration). */
    private final transient MeterRegistry registry;

    BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ActiveMQMetricsPlugin init(Map<String, String> options) {
        return this;
    }

    @Override
    public MeterRegistry getRegistry() {
        return registry;
    }
}
