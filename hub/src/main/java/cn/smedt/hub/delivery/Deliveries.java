package cn.smedt.hub.delivery;

import cn.smedt.hub.kernel.HubRequestSigner;
import cn.smedt.hub.kernel.OutboundTls;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerRegistry;
import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.RedeliverySchedule;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The hub's deliveries to partners: decisions ({@link SubsidyDecisionEvent}) to the government platform and the
 * submitting partner's webhook, KPI reports to the industrial platforms. A delivery is {@link #plan planned} as a row
 * of the {@link Outbox} in the transaction that makes its event (relayed after the commit, swept if that relay was
 * lost or its node died), carried by the durable queue {@value #QUEUE} (one message per event and target) and made by
 * the one route {@link DeliveryRoute}: a signed POST of the event's typed payload ({@link WebhookEvent}) with
 * {@code Idempotency-Key = event key} (decision id, report id), so a receiver that deduplicates gets each event once.
 */
@Component
public class Deliveries {

    /** The durable queue of deliveries (body: the event key; header {@link Outbox#TARGET_HEADER}: the target). */
    public static final String QUEUE = "jms:queue:deliveries";
    /** JMS header naming the target: GOVERNMENT or PARTNER:&lt;partner id&gt;. */
    public static final String TARGET_HEADER = Outbox.TARGET_HEADER;
    public static final String GOVERNMENT = "GOVERNMENT";
    public static final String PARTNER_PREFIX = "PARTNER:";
    /** Exchange property: the delivery's outbox row. */
    static final String MESSAGE = "hubOutboxId";
    /** Exchange property: the event delivered (decision id, report id). */
    static final String KEY = "hubDeliveryKey";
    /** Exchange property: GOVERNMENT or PARTNER:<id>. */
    static final String TARGET = "hubDeliveryTarget";
    /** Exchange property: the kind of event ({@link WebhookEvent#type()}). */
    static final String EVENT = "hubDeliveryEvent";
    /** Exchange property: the URL to POST to. */
    static final String URL = "hubDeliveryUrl";
    /** Exchange property: which attempt this is (the broker's JMSXDeliveryCount, 1 for the first). */
    static final String ATTEMPT = "hubDeliveryAttempt";
    /** Exchange property: {@link System#nanoTime()} when the attempt's request was prepared (for its metrics). */
    static final String STARTED = "hubDeliveryStarted";

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final int MAX_REASON = 300;

    private final Outbox outbox;
    private final DeliveryProperties props;
    private final PartnerRegistry partners;
    private final HubRequestSigner signer;
    private final ObjectMapper json;
    private final GovernmentPlatformAuth governmentAuth;
    private final RedeliverySchedule redelivery;
    private final ObjectProvider<WebhookEvent> events;
    private final OutboundTls tls;
    private final DeliveryMetrics metrics;

    Deliveries(Outbox outbox, DeliveryProperties props, PartnerRegistry partners, HubRequestSigner signer,
               ObjectMapper json, GovernmentPlatformAuth governmentAuth, RedeliverySchedule redelivery,
               ObjectProvider<WebhookEvent> events, OutboundTls tls, DeliveryMetrics metrics) {
        this.tls = tls;
        this.metrics = metrics;
        this.outbox = outbox;
        this.props = props;
        this.partners = partners;
        this.signer = signer;
        this.json = json;
        this.governmentAuth = governmentAuth;
        this.redelivery = redelivery;
        // looked up when used: a feature that delivers events (devices.KpiReports) also plans them here
        this.events = events;
    }

    /**
     * Plans the deliveries of a decision (inside the decision's transaction): to the government platform when one is
     * configured, to the partner's webhook when it has one.
     */
    public void plan(String decisionId, String partnerId) {
        if (props.governmentUrl() != null && !props.governmentUrl().isBlank()) {
            outbox.write(Outbox.Message.delivery(QUEUE, SubsidyDecisionEvents.TYPE, decisionId, GOVERNMENT));
        }
        if (hasWebhook(partnerId)) {
            outbox.write(Outbox.Message.delivery(QUEUE, SubsidyDecisionEvents.TYPE, decisionId,
                    PARTNER_PREFIX + partnerId));
        }
    }

    /**
     * Plans the delivery of event {@code key} of kind {@code eventType} to a partner's webhook unless some node
     * planned it before (in the caller's transaction or without one); false then, or when the partner has no webhook.
     */
    public boolean planOnce(String eventType, String key, String partnerId) {
        return hasWebhook(partnerId)
                && outbox.writeOnce(Outbox.Message.delivery(QUEUE, eventType, key, PARTNER_PREFIX + partnerId));
    }

    /** Forgets the deliveries of events of kind {@code eventType} made before {@code before}; answers how many. */
    public int purgeDelivered(String eventType, Instant before) {
        return outbox.purgeDelivered(eventType, before);
    }

    private boolean hasWebhook(String partnerId) {
        return partners.partner(partnerId).map(p -> p.webhookUrl() != null && !p.webhookUrl().isBlank())
                .orElse(false);
    }

    /** True while some planned delivery of the decision has not been made. */
    public boolean pending(String decisionId) {
        return outbox.undelivered(decisionId);
    }

    /**
     * Takes the delivery from the queue's message into exchange properties (its outbox row, key, target, kind and
     * attempt number) and counts the attempt; stops the route when the delivery was made meanwhile, or when it has
     * no outbox row (planned in a transaction that rolled back after the message was sent within a consumer's).
     */
    public void received(Exchange exchange) throws JMSException {
        String key = exchange.getIn().getBody(String.class);
        String target = exchange.getIn().getHeader(TARGET_HEADER, String.class);
        String id = exchange.getIn().getHeader(Outbox.ID_HEADER, key + "/" + target, String.class);
        Optional<Outbox.Message> planned = outbox.message(id);
        if (planned.isEmpty()) {
            // delivery rows are kept: the transaction that planned this one rolled back after its message was sent
            LOG.info("delivery {} dropped: the transaction that planned it rolled back", id);
            exchange.setRouteStop(true);
            return;
        }
        Outbox.Message message = planned.get();
        exchange.setProperty(MESSAGE, id);
        exchange.setProperty(KEY, key);
        exchange.setProperty(TARGET, target);
        exchange.setProperty(EVENT, message.eventType());
        JmsMessage jms = exchange.getIn(JmsMessage.class);
        int attempt = jms == null || jms.getJmsMessage() == null
                || !jms.getJmsMessage().propertyExists("JMSXDeliveryCount") ? 1
                : jms.getJmsMessage().getIntProperty("JMSXDeliveryCount");
        exchange.setProperty(ATTEMPT, attempt);
        if (outbox.isDone(id)) {
            // made meanwhile: an old message of a node that came back after another took its delivery over
            exchange.setRouteStop(true);
            return;
        }
        outbox.attempt(id);
    }

    /**
     * The one route that delivers to partners: from the durable queue of planned deliveries ({@value #QUEUE}) to the
     * target's endpoint as a signed POST, in the queue's JMS transaction (route configuration
     * {@link DeliveryRouteConfiguration}: broker redelivery with backoff, then the dead-letter queue).
     */
    @Component
    static class DeliveryRoute extends RouteBuilder {

        private final DeliveryProperties props;

        DeliveryRoute(DeliveryProperties props) {
            this.props = props;
        }

        @Override
        public void configure() {
            // a failed attempt is logged once, by Deliveries.failed: not again by the listener container; deliveries
            // are independent events (each with its own Idempotency-Key), made by hub.delivery.consumers at once
            from(QUEUE + "?concurrentConsumers=" + props.consumers())
                    .routeId("deliverDecision").routeConfigurationId(DeliveryRouteConfiguration.ID)
                    .bean(Deliveries.class, "received")
                    .bean(Deliveries.class, "prepare")
                    .toD("${exchangeProperty." + URL + "}")
                    .bean(Deliveries.class, "delivered");
        }
    }

    /** Builds the signed POST of the event's payload for its target into the exchange. */
    public void prepare(Exchange exchange, @ExchangeProperty(KEY) String key, @ExchangeProperty(TARGET) String target,
                        @ExchangeProperty(EVENT) String eventType) throws JsonProcessingException {
        byte[] body = json.writeValueAsBytes(event(eventType).orElseThrow(() -> new DeliveryConfigurationException(
                "no event type " + eventType + " is delivered by this hub")).payload(key));
        boolean government = GOVERNMENT.equals(target);
        String url = government ? governmentAuth.url(props.governmentUrl())
                : partners.partner(target.substring(PARTNER_PREFIX.length())).map(Partner::webhookUrl)
                        .orElseThrow(() -> new DeliveryConfigurationException("target " + target + " of delivery "
                                + key + " is no longer configured"));
        var message = exchange.getMessage();
        message.removeHeaders("*");
        signer.sign("POST", URI.create(url), "application/json", body).forEach(message::setHeader);
        if (government) {
            governmentAuth.headers(url).forEach(message::setHeader);
        }
        message.setHeader("Idempotency-Key", key);
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setBody(body);
        exchange.setProperty(URL, url);
        exchange.setProperty(STARTED, System.nanoTime());
    }

    public void delivered(@ExchangeProperty(MESSAGE) String id, @ExchangeProperty(TARGET) String target,
                          @ExchangeProperty(EVENT) String eventType, @ExchangeProperty(STARTED) Long started) {
        outbox.done(id);
        metrics.attempted(target, eventType, DeliveryMetrics.Outcome.DELIVERED, started);
    }

    private Optional<WebhookEvent> event(String eventType) {
        return events.stream().filter(event -> event.type().equals(eventType)).findFirst();
    }

    /**
     * Records a failed attempt and says so in ONE warning line, no stack trace (an outage of the receiver is not a
     * bug of the hub): target, event (decision, report), attempt of attempts, the receiver's status or the
     * exception's message, and when the broker tries again ({@link RedeliverySchedule}) or that the message goes to
     * the dead-letter queue.
     * Never throws: the exception that failed the attempt is what rolls the message back to the broker.
     */
    public void failed(@ExchangeProperty(MESSAGE) String id, @ExchangeProperty(KEY) String key,
                       @ExchangeProperty(TARGET) String target, @ExchangeProperty(EVENT) String eventType,
                       @ExchangeProperty(ATTEMPT) Integer attempt, @ExchangeProperty(STARTED) Long started,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        int number = attempt == null ? 1 : attempt;
        // a receiver whose certificate is not trusted (or expired) says so, not just "SSLHandshakeException"
        String reason = tls.handshakeFailure(failure).map(Deliveries::oneLine).orElseGet(() -> reason(failure));
        String unrecorded = "";
        try {
            if (id != null) {
                outbox.failed(id, reason);
            }
        } catch (RuntimeException storage) {
            unrecorded = " (attempt not recorded: " + oneLine(storage.getMessage()) + ")";
        }
        Optional<Duration> retry = redelivery.nextRetryAfter(number);
        metrics.attempted(target, eventType, retry.isPresent() ? DeliveryMetrics.Outcome.RETRY
                : DeliveryMetrics.Outcome.DEAD_LETTERED, started);
        String next = retry.map(delay -> "next retry in " + readable(delay))
                .orElse("no attempt left: dead-lettered to DLQ.deliveries (list and replay: docs/operations.md)");
        String subject = event(eventType).map(WebhookEvent::subject).orElse("event");
        LOG.warn("delivery to {} of {} {} failed, attempt {} of {}: {}; {}{}", target, subject, key, number,
                redelivery.maxAttempts(), reason, next, unrecorded);
    }

    /** The receiver's HTTP status, or the exception's type and message, on one bounded line. */
    static String reason(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        if (failure instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode() + (http.getStatusText() == null ? "" : " " + http.getStatusText());
        }
        return oneLine(failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    private static String oneLine(String text) {
        String line = String.valueOf(text).replaceAll("\\s+", " ").strip();
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "..." : line;
    }

    /** 200 ms, 4 s, 8 min 32 s. */
    static String readable(Duration delay) {
        if (delay.toMillis() < 1000) {
            return delay.toMillis() + " ms";
        }
        long seconds = delay.toSeconds();
        if (seconds < 60) {
            return seconds + (delay.toMillisPart() == 0 ? "" : "." + delay.toMillisPart() / 100) + " s";
        }
        return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }
}
