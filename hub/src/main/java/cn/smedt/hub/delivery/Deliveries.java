package cn.smedt.hub.delivery;

import cn.smedt.hub.kernel.HubRequestSigner;
import cn.smedt.hub.kernel.PartnerRegistry;
import cn.smedt.hub.messaging.RedeliverySchedule;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivery of decisions: planned in the decision's transaction (table {@code delivery}), then carried by the
 * durable queue {@code deliveries} (one message per decision and target) to their endpoints as signed POSTs with
 * {@code Idempotency-Key = decision id}, so a receiver that deduplicates gets each decision once.
 */
@Component
public class Deliveries {

    public static final String GOVERNMENT = "GOVERNMENT";
    public static final String PARTNER_PREFIX = "PARTNER:";
    /** Exchange property: the decision being delivered. */
    public static final String DECISION_ID = "hubDecisionId";
    /** Exchange property: GOVERNMENT or PARTNER:<id>. */
    public static final String TARGET = "hubDeliveryTarget";
    /** Exchange property: the URL to POST to. */
    public static final String URL = "hubDeliveryUrl";
    /** Exchange property: which attempt this is (the broker's JMSXDeliveryCount, 1 for the first). */
    public static final String ATTEMPT = "hubDeliveryAttempt";

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final int MAX_REASON = 300;

    private final JdbcTemplate jdbc;
    private final DeliveryProperties props;
    private final PartnerRegistry partners;
    private final HubRequestSigner signer;
    private final ObjectMapper json;
    private final Clock clock;
    private final GovernmentPlatformAuth governmentAuth;
    private final RedeliverySchedule redelivery;

    Deliveries(JdbcTemplate jdbc, DeliveryProperties props, PartnerRegistry partners, HubRequestSigner signer,
               ObjectMapper json, Clock clock, GovernmentPlatformAuth governmentAuth, RedeliverySchedule redelivery) {
        this.governmentAuth = governmentAuth;
        this.redelivery = redelivery;
        this.jdbc = jdbc;
        this.props = props;
        this.partners = partners;
        this.signer = signer;
        this.json = json;
        this.clock = clock;
    }

    /** Records the deliveries a decision needs (inside the decision's transaction). */
    public void plan(String decisionId, String partnerId) {
        Timestamp now = Timestamp.from(clock.instant());
        if (props.governmentUrl() != null && !props.governmentUrl().isBlank()) {
            jdbc.update("insert into delivery (decision_id, target, status, attempts, updated_at)"
                    + " values (?, ?, 'PENDING', 0, ?)", decisionId, GOVERNMENT, now);
        }
        if (partners.partner(partnerId).map(p -> p.webhookUrl() != null && !p.webhookUrl().isBlank()).orElse(false)) {
            jdbc.update("insert into delivery (decision_id, target, status, attempts, updated_at)"
                    + " values (?, ?, 'PENDING', 0, ?)", decisionId, PARTNER_PREFIX + partnerId, now);
        }
    }

    /** True while some planned delivery of the decision has not been made. */
    public boolean pending(String decisionId) {
        Long open = jdbc.queryForObject("select count(*) from delivery where decision_id = ? and status <> 'DELIVERED'",
                Long.class, decisionId);
        return open != null && open > 0;
    }

    /** Takes the decision id, the target and the attempt number from the queue's message into exchange properties. */
    public void received(Exchange exchange) throws JMSException {
        exchange.setProperty(DECISION_ID, exchange.getIn().getBody(String.class));
        exchange.setProperty(TARGET, exchange.getIn().getHeader(DeliveryQueue.TARGET_HEADER, String.class));
        JmsMessage jms = exchange.getIn(JmsMessage.class);
        int attempt = jms == null || jms.getJmsMessage() == null
                || !jms.getJmsMessage().propertyExists("JMSXDeliveryCount") ? 1
                : jms.getJmsMessage().getIntProperty("JMSXDeliveryCount");
        exchange.setProperty(ATTEMPT, attempt);
    }

    /** Builds the signed POST of a decision for one target into the exchange. */
    public void prepare(Exchange exchange, @ExchangeProperty(DECISION_ID) String decisionId,
                        @ExchangeProperty(TARGET) String target) throws JsonProcessingException {
        Map<String, Object> decision = jdbc.queryForMap("select * from subsidy_decision where decision_id = ?",
                decisionId);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventType", "subsidy-decision");
        event.put("decisionId", decisionId);
        decision.forEach((column, value) -> event.put(camel(column), asJsonValue(value)));
        byte[] body = json.writeValueAsBytes(event);
        boolean government = GOVERNMENT.equals(target);
        String url = government ? governmentAuth.url(props.governmentUrl())
                : partners.partner(target.substring(PARTNER_PREFIX.length())).orElseThrow().webhookUrl();
        var message = exchange.getMessage();
        message.removeHeaders("*");
        signer.sign("POST", URI.create(url), "application/json", body).forEach(message::setHeader);
        if (government) {
            governmentAuth.headers(url).forEach(message::setHeader);
        }
        message.setHeader("Idempotency-Key", decisionId);
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setBody(body);
        exchange.setProperty(URL, url);
    }

    public void delivered(@ExchangeProperty(DECISION_ID) String decisionId, @ExchangeProperty(TARGET) String target) {
        jdbc.update("update delivery set status = 'DELIVERED', attempts = attempts + 1, last_error = null,"
                + " updated_at = ? where decision_id = ? and target = ?", Timestamp.from(clock.instant()),
                decisionId, target);
    }

    /**
     * Records a failed attempt and says so in ONE warning line, no stack trace (an outage of the receiver is not a
     * bug of the hub): target, decision, attempt of attempts, the receiver's status or the exception's message, and
     * when the broker tries again ({@link RedeliverySchedule}) or that the message goes to the dead-letter queue.
     * Never throws: the exception that failed the attempt is what rolls the message back to the broker.
     */
    public void failed(@ExchangeProperty(DECISION_ID) String decisionId, @ExchangeProperty(TARGET) String target,
                       @ExchangeProperty(ATTEMPT) Integer attempt,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        int number = attempt == null ? 1 : attempt;
        String reason = reason(failure);
        String unrecorded = "";
        try {
            jdbc.update("update delivery set status = 'RETRYING', attempts = attempts + 1, last_error = ?,"
                    + " updated_at = ? where decision_id = ? and target = ?",
                    reason, Timestamp.from(clock.instant()), decisionId, target);
        } catch (RuntimeException storage) {
            unrecorded = " (attempt not recorded: " + oneLine(storage.getMessage()) + ")";
        }
        String next = redelivery.nextRetryAfter(number).map(delay -> "next retry in " + readable(delay))
                .orElse("no attempt left: dead-lettered to DLQ.deliveries (list and replay: docs/operations.md)");
        LOG.warn("delivery to {} of decision {} failed, attempt {} of {}: {}; {}{}", target, decisionId, number,
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

    /** Targets still to deliver for a decision. */
    public List<String> openTargets(String decisionId) {
        return jdbc.queryForList("select target from delivery where decision_id = ? and status <> 'DELIVERED'",
                String.class, decisionId);
    }

    /** Money as a 2-place decimal string, instants as ISO-8601: never a binary float on the wire. */
    private static Object asJsonValue(Object value) {
        if (value instanceof java.math.BigDecimal amount) {
            return amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        return value;
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toLowerCase().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
