package cn.smedt.hub.delivery;

import cn.smedt.hub.gateway.HubRequestSigner;
import cn.smedt.hub.gateway.PartnerRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivery of decisions: planned in the decision's transaction (table {@code delivery}), then carried by the
 * durable queues {@code deliveries.government} and {@code deliveries.partner} to their endpoints as signed POSTs
 * with {@code Idempotency-Key = decision id}, so a receiver that deduplicates gets each decision once.
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

    private final JdbcTemplate jdbc;
    private final DeliveryProperties props;
    private final PartnerRegistry partners;
    private final HubRequestSigner signer;
    private final ObjectMapper json;
    private final Clock clock;
    private final GovernmentPlatformAuth governmentAuth;

    Deliveries(JdbcTemplate jdbc, DeliveryProperties props, PartnerRegistry partners, HubRequestSigner signer,
               ObjectMapper json, Clock clock, GovernmentPlatformAuth governmentAuth) {
        this.governmentAuth = governmentAuth;
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

    public void failed(@ExchangeProperty(DECISION_ID) String decisionId, @ExchangeProperty(TARGET) String target,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        String error = failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        jdbc.update("update delivery set status = 'RETRYING', attempts = attempts + 1, last_error = ?,"
                + " updated_at = ? where decision_id = ? and target = ?",
                error.length() > 1000 ? error.substring(0, 1000) : error, Timestamp.from(clock.instant()),
                decisionId, target);
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
