package cn.smedt.hub.devices;

import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import jakarta.jms.Destination;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Device telemetry from the MQTT acceptor into the hub (route {@code mqttTelemetry} consumes the durable
 * {@link MqttTelemetrySubscriber} queue in JMS transactions, with {@code hub.devices.telemetry-consumers} (4)
 * concurrent consumers, and feeds {@value #TELEMETRY}; the queue's messages are grouped by device topic, so the
 * samples of one device are ingested one at a time, in order, by one consumer). A message that cannot
 * be accepted goes to queue {@code devices.invalid} with its reason in header {@code HubRejectReason}; nothing is
 * stored. Any other failure of ingestion (the database down, say) rolls
 * the message back to the broker, which redelivers it with backoff and finally dead-letters it. KPI reports planned by
 * {@link KpiReports} go to the industrial platforms by the hub's one delivery route ({@code delivery.Deliveries}).
 */
@Component
class DeviceRoutes extends RouteBuilder {

    static final String TELEMETRY = "direct:telemetry";
    static final String INVALID = "jms:queue:devices.invalid";

    /**
     * {@code hub.devices.telemetry-consumers} (4): concurrent consumers of {@code devices.telemetry}; each device's
     * samples stay with one of them at a time (message groups by topic, {@link MqttTelemetrySubscriber#SUBSCRIPTION}).
     */
    private final int consumers;

    DeviceRoutes(@Value("${hub.devices.telemetry-consumers:4}") int consumers) {
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        from(TELEMETRY).routeId("ingestTelemetry")
                .onException(TelemetryRejectedException.class).handled(true)
                    .log(LoggingLevel.WARN, "telemetry refused: ${exception.message}")
                    .setHeader("HubRejectReason", exceptionMessage())
                    .to(INVALID)
                .end()
                .bean(DeviceTelemetry.class, "ingest");

        from(MqttTelemetrySubscriber.QUEUE + "?concurrentConsumers=" + consumers).routeId("mqttTelemetry")
                .routeConfigurationId(QueuedWorkRouteConfiguration.ID)
                .process(exchange -> exchange.getIn().setHeader(MqttTelemetrySubscriber.TOPIC_HEADER,
                        MqttTelemetrySubscriber.topicOf(exchange.getIn().getHeader("JMSDestination", Destination.class),
                                exchange.getIn().getHeader("_AMQ_ORIG_ADDRESS", String.class))))
                .to(TELEMETRY);

        from(OpcUaFactories.QUEUE).routeId("opcuaTelemetry")
                .to(TELEMETRY);

    }
}
