package cn.smedt.hub.messaging;

import cn.smedt.hub.storage.StorageFailures;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Error handling of the routes that consume the hub's own work queues (route configuration {@value #ID}: interest
 * periods, acceptances, loan and cloud batches, device telemetry): the exception rolls the JMS transaction back, the
 * broker redelivers on the {@link RedeliverySchedule} and finally dead-letters the message. Each failed attempt
 * writes ONE line: a WARN for an unavailable database (an outage must not flood the log), and for anything else an
 * ERROR whose stack trace is written on the first attempt only. Camel's own log of the exhausted exchange is off,
 * and so is the JMS listener container's ({@link CamelJmsConfiguration}).
 */
@Component
public class QueuedWorkRouteConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "queued-work";

    private static final Logger LOG = LoggerFactory.getLogger(QueuedWorkRouteConfiguration.class);

    private final RedeliverySchedule schedule;

    QueuedWorkRouteConfiguration(RedeliverySchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                    .handled(false)
                    .logExhausted(false)
                    .logStackTrace(false)
                    .process(this::logAttempt);
    }

    private void logAttempt(Exchange exchange) {
        logAttempt(exchange.getFromRouteId(), exchange.getMessage().getHeader("JMSXDeliveryCount", 1, Integer.class),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /**
     * Logs failed attempt {@code attempt} (1-based: the message's {@code JMSXDeliveryCount}) of consumer
     * {@code consumer} to handle a message of a work queue, in the one line described above; also for the consumers
     * of work queues that are not Camel routes (the telemetry's batches, {@code devices.TelemetryBatches}).
     */
    public void logAttempt(String consumer, int attempt, Exception failure) {
        String next = schedule.nextRetryAfter(attempt).map(d -> "next attempt in " + d.toString().substring(2)
                .toLowerCase()).orElse("dead-lettered");
        if (StorageFailures.unavailable(failure)) {
            LOG.warn("{}: attempt {} of {} failed, storage unavailable ({}); {}", consumer, attempt,
                    schedule.maxAttempts(), StorageFailures.summary(failure), next);
        } else if (attempt == 1) {
            LOG.error("{}: attempt {} of {} failed; {}", consumer, attempt, schedule.maxAttempts(), next, failure);
        } else {
            LOG.error("{}: attempt {} of {} failed ({}); {}", consumer, attempt, schedule.maxAttempts(),
                    StorageFailures.summary(failure), next);
        }
    }
}
