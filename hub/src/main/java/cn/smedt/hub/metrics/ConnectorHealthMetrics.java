package cn.smedt.hub.metrics;

import cn.smedt.hub.kernel.ConnectorHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@value #UP}{@code {connector}}: 1 while a connector works, 0 while it does not, for every connector every
 * {@link ConnectorHealth} of the node names (OPC UA factories, Camel routes including the county packs', delivery
 * targets); refreshed every {@code hub.metrics.connector-refresh} (default 5 s), so a connector that goes away
 * leaves the metric within that time.
 */
@Component
class ConnectorHealthMetrics {

    static final String UP = "hub.connector.up";

    private final ObjectProvider<ConnectorHealth> features;
    private final MultiGauge gauge;

    ConnectorHealthMetrics(ObjectProvider<ConnectorHealth> features, MeterRegistry registry) {
        this.features = features;
        this.gauge = MultiGauge.builder(UP).description("1 while the connector works, 0 while it does not")
                .register(registry);
    }

    @Scheduled(initialDelayString = "${hub.metrics.connector-refresh:PT1S}",
            fixedDelayString = "${hub.metrics.connector-refresh:PT5S}")
    void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        features.orderedStream().forEach(feature -> feature.connectors().forEach((name, up) ->
                rows.add(MultiGauge.Row.of(Tags.of("connector", name), up ? 1 : 0))));
        gauge.register(rows, true);
    }
}
