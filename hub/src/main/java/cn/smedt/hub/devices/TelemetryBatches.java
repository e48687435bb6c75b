package cn.smedt.hub.devices;

import cn.smedt.hub.kernel.ConnectorHealth;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Consumes the durable telemetry queue ({@link MqttTelemetrySubscriber}) in batches: each of
 * {@code hub.devices.telemetry-consumers} threads has its own JMS session ({@code CLIENT_ACKNOWLEDGE}) and takes up to
 * {@code hub.devices.telemetry-batch-size} messages, waiting at most {@code hub.devices.telemetry-batch-wait} after
 * the first for more, hands them to {@link DeviceTelemetry#ingestAll} (one database transaction for the batch), sends
 * the refused ones to {@value #INVALID} (header {@code HubRejectReason}; a durable send the broker confirms), and
 * acknowledges the batch only after the database has committed: a sample leaves the broker only once it is stored.
 * The acknowledgement is not waited for (the Artemis client sends it as a commit of the session's acknowledgements
 * without blocking, its default {@code blockOnAcknowledge=false}): should it not reach the broker, the broker
 * redelivers the batch, whose samples are then dropped as duplicates, and a refused one is in {@value #INVALID}
 * twice. A failure (the database down, say) recovers the session, so the broker redelivers every message of the batch
 * with backoff.
 *
 * <p>A redelivered message ({@code JMSXDeliveryCount} above 1) is never batched with another redelivered one: it ends
 * the batch it arrives in and gets a database transaction of its own, after the batch's; so a message that fails on
 * its own (a poison message) costs the others at most one attempt, makes its own attempts one by one, and is moved to
 * {@code DLQ.devices.telemetry} by the broker after {@code hub.messaging.max-delivery-attempts}, as every work queue's
 * message. The batch's samples already stored when it fails are then known as seen and dropped as duplicates when
 * redelivered: nothing is counted twice. Each failed attempt is logged in one line
 * ({@link QueuedWorkRouteConfiguration#logAttempt}).
 *
 * <p>The queue hands the messages of one device (its message group) to one consumer at a time, in order, so a batch
 * holds each device's samples in the order they arrived, and no two batches hold samples of the same device at once.
 */
@Component
class TelemetryBatches implements SmartLifecycle, ConnectorHealth {

    /** The consumer's name in the log and in its connector health ({@code mqtt:devices.telemetry}). */
    static final String CONSUMER = "mqttTelemetry";
    static final String INVALID = "devices.invalid";
    static final String REJECT_REASON = "HubRejectReason";
    private static final long POLL_MILLIS = 500;
    /** Once the batch's wait is over: how long the consumer waits for a next message already on its way. */
    private static final long NEXT_WAIT_MILLIS = 1;
    private static final Duration REOPEN_AFTER = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryBatches.class);

    private final ConnectionFactory connections;
    private final DeviceTelemetry telemetry;
    private final QueuedWorkRouteConfiguration attempts;
    private final TelemetryMetrics metrics;
    /**
     * {@code hub.devices.telemetry-consumers} (4): concurrent consumers of {@code devices.telemetry}, each with its own
     * session; each device's samples stay with one of them at a time (message groups by topic,
     * {@link MqttTelemetrySubscriber#SUBSCRIPTION}).
     */
    private final int consumers;
    /** {@code hub.devices.telemetry-batch-size} (500): the most messages one batch (one transaction) takes. */
    private final int batchSize;
    /**
     * {@code hub.devices.telemetry-batch-wait} (PT0.05S): how long a consumer waits after a batch's first message for
     * more before it takes the batch; after that, what reaches it within 1 ms of the previous message, up to the size.
     */
    private final Duration batchWait;
    private final AtomicInteger open = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private Connection connection;

    TelemetryBatches(ConnectionFactory connections, DeviceTelemetry telemetry, QueuedWorkRouteConfiguration attempts,
                     TelemetryMetrics metrics, @Value("${hub.devices.telemetry-consumers:4}") int consumers,
                     @Value("${hub.devices.telemetry-batch-size:500}") int batchSize,
                     @Value("${hub.devices.telemetry-batch-wait:PT0.05S}") Duration batchWait) {
        if (consumers < 1 || batchSize < 1 || batchWait.isNegative()) {
            throw new DeviceSetupException("hub.devices.telemetry-consumers and -batch-size must be at least 1,"
                    + " -batch-wait not negative", null);
        }
        // a connection of its own, not the shared cached one: closing it returns what its consumers prefetched
        this.connections = connections instanceof SingleConnectionFactory shared
                && shared.getTargetConnectionFactory() != null ? shared.getTargetConnectionFactory() : connections;
        this.telemetry = telemetry;
        this.attempts = attempts;
        this.metrics = metrics;
        this.consumers = consumers;
        this.batchSize = batchSize;
        this.batchWait = batchWait;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            connection = connections.createConnection();
            connection.start();
        } catch (JMSException e) {
            throw new DeviceSetupException("cannot connect to the broker for " + MqttTelemetrySubscriber.QUEUE, e);
        }
        running = true;
        for (int i = 0; i < consumers; i++) {
            Thread thread = new Thread(this::consume, CONSUMER + "-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        try {
            connection.close();
        } catch (JMSException e) {
            LOG.warn("{}: closing the broker connection failed ({})", CONSUMER, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** As {@link ConnectorHealth}: {@code mqtt:devices.telemetry}, working while every consumer has its session. */
    @Override
    public Map<String, Boolean> connectors() {
        return Map.of("mqtt:" + MqttTelemetrySubscriber.SUBSCRIPTION.queue(), running && open.get() == consumers);
    }

    private void consume() {
        while (running) {
            try (Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                 MessageConsumer consumer = session.createConsumer(session.createQueue(
                         MqttTelemetrySubscriber.SUBSCRIPTION.address() + "::"
                                 + MqttTelemetrySubscriber.SUBSCRIPTION.queue()));
                 MessageProducer invalid = session.createProducer(session.createQueue(INVALID))) {
                invalid.setDeliveryMode(DeliveryMode.PERSISTENT);
                open.incrementAndGet();
                try {
                    while (running) {
                        List<Message> batch = receiveBatch(consumer);
                        if (!batch.isEmpty()) {
                            take(session, invalid, batch);
                        }
                    }
                } finally {
                    open.decrementAndGet();
                }
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    LOG.warn("{}: the broker session failed ({}); opened again in {}", CONSUMER, e.toString(),
                            REOPEN_AFTER.toString().substring(2).toLowerCase());
                    LockSupport.parkNanos(REOPEN_AFTER.toNanos());
                }
            }
        }
    }

    /**
     * The next batch: what arrives within {@link #batchWait} of its first message (and then within
     * {@value #NEXT_WAIT_MILLIS} ms of the one before), at most {@link #batchSize} messages, ended by a redelivered
     * message; empty when nothing arrived.
     */
    private List<Message> receiveBatch(MessageConsumer consumer) throws JMSException {
        Message first = consumer.receive(POLL_MILLIS);
        if (first == null) {
            return List.of();
        }
        List<Message> batch = new ArrayList<>();
        batch.add(first);
        long deadline = System.nanoTime() + batchWait.toNanos();
        while (!redelivered(batch.get(batch.size() - 1)) && batch.size() < batchSize) {
            // never receiveNoWait: on an empty buffer it asks the broker for a forced delivery and waits for its
            // answer, a round trip through the queue's busy delivery (docs/benchmarks.md, 2026-12-03 (morning))
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            Message next = consumer.receive(Math.max(left, NEXT_WAIT_MILLIS));
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void take(Session session, MessageProducer invalid, List<Message> batch) throws JMSException {
        long started = System.nanoTime();
        Message last = batch.get(batch.size() - 1);
        boolean again = redelivered(last);
        List<Message> fresh = again ? batch.subList(0, batch.size() - 1) : batch;
        List<DeviceTelemetry.Result> results = new ArrayList<>();
        String part = batch.size() == 1 ? CONSUMER : CONSUMER + " (batch of " + fresh.size() + ")";
        int attempt = 1;
        try {
            if (!fresh.isEmpty()) {
                results.addAll(telemetry.ingestAll(messages(fresh)));
            }
            if (again) {
                part = CONSUMER;
                attempt = last.getIntProperty("JMSXDeliveryCount");
                results.addAll(telemetry.ingestAll(messages(List.of(last))));
            }
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).outcome() == TelemetryMetrics.Outcome.REJECTED) {
                    refuse(session, invalid, batch.get(i), results.get(i).rejectReason());
                }
            }
            // acknowledges every message the session has received, without waiting for the broker's answer
            last.acknowledge();
        } catch (JMSException | RuntimeException e) {
            try {
                session.recover();
            } catch (JMSException recover) {
                e.addSuppressed(recover);
            }
            attempts.logAttempt(part, attempt, e);
            return;
        }
        metrics.batch(batch.size(), System.nanoTime() - started);
        telemetry.count(results);
    }

    private void refuse(Session session, MessageProducer invalid, Message message, String reason)
            throws JMSException {
        LOG.warn("telemetry refused: {}", reason);
        BytesMessage refused = session.createBytesMessage();
        refused.writeBytes(payload(message));
        refused.setStringProperty(REJECT_REASON, reason);
        String topic = topic(message);
        if (topic != null) {
            refused.setStringProperty(MqttTelemetrySubscriber.TOPIC_HEADER, topic);
        }
        invalid.send(refused);
    }

    private static List<TelemetryMessage> messages(List<Message> batch) throws JMSException {
        List<TelemetryMessage> messages = new ArrayList<>(batch.size());
        for (Message message : batch) {
            messages.add(new TelemetryMessage(payload(message), topic(message)));
        }
        return messages;
    }

    private static boolean redelivered(Message message) throws JMSException {
        return message.getJMSRedelivered() || message.getIntProperty("JMSXDeliveryCount") > 1;
    }

    private static byte[] payload(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText() == null ? new byte[0] : text.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (message instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return body;
        }
        return new byte[0];
    }

    /** The MQTT topic of a message: its broker address as received (not its JMS destination, made anew each call). */
    private static String topic(Message message) throws JMSException {
        String address = message instanceof ActiveMQMessage received ? received.getCoreMessage().getAddress() : null;
        return MqttTelemetrySubscriber.topicOf(address, message.getStringProperty("_AMQ_ORIG_ADDRESS"));
    }
}
