package cn.smedt.hub.deadletters;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.filter.impl.FilterImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The operator's view of this node's dead-letter queues (operations listDeadLetters, replayDeadLetter,
 * replayDeadLetters). Artemis moves a message that failed every attempt to queue {@code DLQ.<original queue>} on
 * address {@code DLQ}, stamped with its original address ({@code _AMQ_ORIG_ADDRESS}) and, by {@link DeadLetterStamp},
 * the time of that last failure; a replay moves it back there with the broker's retry, so it is never lost nor
 * doubled.
 */
@Component
public class DeadLetters {

    static final String DEAD_LETTER_ADDRESS = "DLQ";
    static final int DEFAULT_LIMIT = 100;
    private static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final EmbeddedActiveMQ broker;
    private final ConnectionFactory connections;

    DeadLetters(EmbeddedActiveMQ broker, ConnectionFactory connections) {
        this.broker = broker;
        this.connections = connections;
    }

    /** One page of the dead letters that match the filter, oldest failure first, with how many match in all. */
    @PartnerOperation("listDeadLetters")
    public ApiReply list(PartnerRequest request) throws Exception {
        String target = request.queryParam("target");
        String failedAfter = request.queryParam("failedAfter");
        String failedBefore = request.queryParam("failedBefore");
        String limit = request.queryParam("limit");
        String offset = request.queryParam("offset");
        int size = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
        int skip = offset == null ? 0 : Integer.parseInt(offset);
        List<Map<String, Object>> letters = browse(DeadLetterFilter.of(target, failedAfter, failedBefore));
        letters.sort(Comparator.comparing((Map<String, Object> letter) -> (Instant) letter.get("failedAt"))
                .thenComparing(letter -> (String) letter.get("messageId")));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", letters.size());
        page.put("offset", skip);
        page.put("limit", size);
        page.put("items", letters.subList(Math.min(skip, letters.size()), Math.min(skip + size, letters.size())));
        return ApiReply.ok(page);
    }

    /**
     * Moves one dead letter back to its original queue with the broker's own retry (one server-side transaction:
     * never lost, never doubled).
     */
    @PartnerOperation("replayDeadLetter")
    public ApiReply replay(PartnerRequest request) throws Exception {
        String messageId = request.pathParam("messageId");
        Partner operator = request.partner();
        String selector = "JMSMessageID = '" + messageId + "'";
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : deadLetterQueues()) {
                Map<String, Object> view;
                try (QueueBrowser browser = session.createBrowser(session.createQueue(qualified(queue)), selector)) {
                    var found = browser.getEnumeration();
                    if (!found.hasMoreElements()) {
                        continue;
                    }
                    view = view(queue, (Message) found.nextElement());
                }
                if (view.get("originalQueue") == null) {
                    throw new ProblemException(ProblemCode.DEAD_LETTER_NOT_REPLAYABLE, "dead letter " + messageId
                            + " does not name its original queue");
                }
                Queue dlq = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
                if (dlq != null && dlq.retryMessages(FilterImpl.createFilter("AMQUserID = '" + messageId + "'")) > 0) {
                    LOG.info("dead letter {} replayed from {} to {} by {}", messageId, queue, view.get("originalQueue"),
                            operator.id());
                    return ApiReply.ok(view);
                }
            }
        }
        throw new ProblemException(ProblemCode.DEAD_LETTER_NOT_FOUND, "no dead letter " + messageId + " on this node");
    }

    /**
     * Moves every dead letter that matches the filter (the body, as listDeadLetters takes it) back to its original
     * queue, each with the broker's own retry; letters that do not name their original queue stay.
     */
    @PartnerOperation("replayDeadLetters")
    public ApiReply replayMatching(PartnerRequest request) throws Exception {
        Partner operator = request.partner();
        DeadLetterFilter filter = DeadLetterFilter.of(request.body(cn.smedt.api.model.DeadLetterFilter.class));
        int replayed = 0;
        for (String queue : deadLetterQueues()) {
            Queue dlq = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
            if (dlq != null) {
                replayed += dlq.retryMessages(FilterImpl.createFilter(filter.selector()));
            }
        }
        LOG.info("{} dead letters replayed by {} (filter: {})", replayed, operator.id(),
                filter.selector() == null ? "all" : filter.selector());
        return ApiReply.ok(Map.of("replayed", replayed));
    }

    private List<Map<String, Object>> browse(DeadLetterFilter filter) throws Exception {
        List<Map<String, Object>> letters = new ArrayList<>();
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : deadLetterQueues()) {
                try (QueueBrowser browser = session.createBrowser(session.createQueue(qualified(queue)),
                        filter.selector())) {
                    for (Object message : Collections.list(browser.getEnumeration())) {
                        letters.add(view(queue, (Message) message));
                    }
                }
            }
        }
        return letters;
    }

    /** The queue by its fully qualified name (address::queue): DLQ queues live on the shared address DLQ. */
    private static String qualified(String queue) {
        return DEAD_LETTER_ADDRESS + "::" + queue;
    }

    private List<String> deadLetterQueues() throws Exception {
        return broker.getActiveMQServer().bindingQuery(SimpleString.of(DEAD_LETTER_ADDRESS)).getQueueNames().stream()
                .map(SimpleString::toString).sorted().toList();
    }

    private static Map<String, Object> view(String queue, Message message) throws JMSException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("messageId", message.getJMSMessageID());
        view.put("deadLetterQueue", queue);
        view.put("originalQueue", message.getStringProperty(ORIGINAL_ADDRESS));
        String body = message instanceof TextMessage text ? text.getText() : message instanceof BytesMessage bytes
                ? (bytes.getBodyLength() == 0 ? "" : new String(bytes.getBody(byte[].class), StandardCharsets.UTF_8))
                : String.valueOf(message.getBody(Object.class));
        view.put("body", body == null || body.length() <= 500 ? body : body.substring(0, 500) + "...");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list((java.util.Enumeration<String>) message.getPropertyNames())) {
            if (!name.startsWith("_AMQ") && !name.startsWith("JMSX") && !name.startsWith("__")
                    && !name.equals(DeadLetterStamp.FAILED_AT)) {
                headers.put(name, String.valueOf(message.getObjectProperty(name)));
            }
        }
        view.put("headers", headers);
        // letters dead-lettered before the stamp existed: the message's own (first send) time
        view.put("failedAt", Instant.ofEpochMilli(message.propertyExists(DeadLetterStamp.FAILED_AT)
                ? message.getLongProperty(DeadLetterStamp.FAILED_AT) : message.getJMSTimestamp()));
        return view;
    }
}
