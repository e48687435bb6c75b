package cn.smedt.hub.devices;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Device telemetry that reaches the hub one sample at a time: the OPC UA factories' samples
 * ({@value OpcUaFactories#QUEUE}, route {@code opcuaTelemetry}) and anything sent to {@value #TELEMETRY} (route
 * {@code ingestTelemetry}: a batch of one for {@link DeviceTelemetry}). A message that cannot be accepted goes to
 * queue {@code devices.invalid} with its reason in header {@code HubRejectReason}; nothing is stored. MQTT telemetry
 * is taken from its durable queue in batches by {@link TelemetryBatches}, not by a route. KPI reports planned by
 * {@link KpiReports} go to the industrial platforms by the hub's one delivery route ({@code delivery.Deliveries}).
 */
@Component
class DeviceRoutes extends RouteBuilder {

    static final String TELEMETRY = "direct:telemetry";
    static final String INVALID = "jms:queue:" + TelemetryBatches.INVALID;

    @Override
    public void configure() {
        from(TELEMETRY).routeId("ingestTelemetry")
                .onException(TelemetryRejectedException.class).handled(true)
                    .log(LoggingLevel.WARN, "telemetry refused: ${exception.message}")
                    .setHeader(TelemetryBatches.REJECT_REASON, exceptionMessage())
                    .to(INVALID)
                .end()
                .bean(DeviceTelemetry.class, "ingest");

        from(OpcUaFactories.QUEUE).routeId("opcuaTelemetry")
                .to(TELEMETRY);
    }
}
