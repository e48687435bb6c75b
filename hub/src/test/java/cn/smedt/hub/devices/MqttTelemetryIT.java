package cn.smedt.hub.devices;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.TestCommand;
import cn.smedt.hub.SignedCall.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The path of device telemetry from the broker's MQTT acceptor into the hub, with real clients: Paho (as a gateway
 * would use) and Debian's {@code mosquitto_pub} (as an operator would try by hand).
 * <ul>
 *   <li>QoS 1 samples the broker acknowledged while the database refused every connection are all ingested once it
 *       is back, none twice (the durable queue and the transacted consumer: a failure rolls back to the broker);</li>
 *   <li>a sample that fails every attempt waits in {@code DLQ.devices.telemetry}, is listed by the dead-letter API
 *       and ingested when replayed;</li>
 *   <li>only {@code smedt/<own uscc>/<deviceId>/telemetry} is accepted: a retained publish, another topic, another
 *       enterprise's topic and a subscription are refused with one WARN line each (no stack trace), nothing of them
 *       is ingested and the broker keeps no address or queue for them;</li>
 *   <li>what the MQTT subscription of earlier hubs still held is moved into the queue on start.</li>
 * </ul>
 */
@HubIT
class MqttTelemetryIT {

    static final String OTHER_ENTERPRISE = "91350100M000100Y43";
    static final int MQTT_PORT = HubNode.freePort();
    static final int ATTEMPTS = 10;
    static final AtomicBoolean DATABASE_DOWN = new AtomicBoolean();
    static final AtomicInteger REFUSED_CONNECTIONS = new AtomicInteger();

    @HubIT.Settings
    static void node(HubNode node) {
        node.set("hub.messaging.mqtt-url", "tcp://127.0.0.1:" + MQTT_PORT);
        node.set("hub.messaging.redelivery-delay", "100ms");
        // 10 attempts take ~11 s: the outage test's samples are not dead-lettered while its database is down
        node.set("hub.messaging.max-redelivery-delay", "2s");
        node.set("hub.messaging.max-delivery-attempts", String.valueOf(ATTEMPTS));
    }

    /** The node's database, which refuses every connection while {@link #DATABASE_DOWN} is set. */
    @TestConfiguration
    static class DatabaseOutage {

        @Bean
        static BeanPostProcessor refusingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource && !(bean instanceof RefusingDataSource)
                            ? new RefusingDataSource(dataSource) : bean;
                }
            };
        }
    }

    static final class RefusingDataSource extends DelegatingDataSource {

        RefusingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            refuseWhileDown();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            refuseWhileDown();
            return super.getConnection(username, password);
        }

        private static void refuseWhileDown() throws SQLTransientConnectionException {
            if (DATABASE_DOWN.get()) {
                REFUSED_CONNECTIONS.incrementAndGet();
                throw new SQLTransientConnectionException("database unavailable (MqttTelemetryIT outage)");
            }
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TelemetryBatches batches;

    @Autowired
    MqttTelemetrySubscriber subscriber;

    @Value("${hub.node.name}")
    String nodeName;

    String base;
    /** This test's enterprise (each test has its own) and its device password. */
    String uscc;
    String password;

    @BeforeEach
    void enterpriseWithDeviceCredentials(TestInfo test) throws Exception {
        DATABASE_DOWN.set(false);
        base = HubNode.url(port);
        uscc = usccOf("9141018100000", test);
        password = pilotWithDeviceCredentials(base, uscc);
    }

    /** A USCC of its own for each test: {@code first13} and 4 digits of the test's name, with its check character. */
    static String usccOf(String first13, TestInfo test) {
        String first17 = first13 + String.format("%04d", Math.abs(test.getDisplayName().hashCode()) % 10000);
        return first17 + Uscc.checkCharacter(first17);
    }

    /** Registers a pilot enterprise and answers the device password the hub issues for it. */
    static String pilotWithDeviceCredentials(String base, String uscc) throws Exception {
        assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                {"uscc":"%s","name":"试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(uscc)).by(GOV_ZZ.signer()).send()
                .status()).isEqualTo(201);
        return SignedCall.post(base, "/api/v1/enterprises/" + uscc + "/device-credentials", "{}")
                .by(GOV_ZZ.signer()).send().json().path("password").asText();
    }

    @Test
    void qos1SamplesAcknowledgedWhileTheDatabaseIsDownAreAllIngestedOnceItIsBack() throws Exception {
        int samples = 5;
        long before = taken();
        Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        MqttClient device = connect("it-outage-1");
        try {
            REFUSED_CONNECTIONS.set(0);
            DATABASE_DOWN.set(true);
            for (int i = 0; i < samples; i++) {
                // MqttClient.publish at QoS 1 returns once the broker has acknowledged (PUBACK)
                device.publish("smedt/" + uscc + "/outage-1/telemetry", DeviceTelemetryIT.sample(t0.plusSeconds(
                        60L * i), "RUN", 10L * i, i + ".5").getBytes(StandardCharsets.UTF_8), 1, false);
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> REFUSED_CONNECTIONS.get() >= 2 * samples);
            assertThat(taken() - before >= samples).as("nothing was ingested while the database refused").isFalse();
            // (a message between a rolled-back attempt and its scheduled redelivery may briefly not be counted)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .alias("the broker holds every sample")
                    .until(() -> queue(MqttTelemetrySubscriber.SUBSCRIPTION.queue()).getMessageCount() == samples);
        } finally {
            DATABASE_DOWN.set(false);
            device.disconnect();
            device.close();
        }

        assertThat(taken(before + samples, Duration.ofSeconds(30))).as("every sample ingested after the recovery")
                .isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> queue(MqttTelemetrySubscriber.SUBSCRIPTION.queue())
                .getMessageCount() == 0);
        JsonNode kpis = kpis();
        // each sample after the first that arrives adds one interval, or counts as late when it arrives after a
        // newer one (redelivery does not keep the order): 5 samples are 4, once each
        assertThat(kpis.path("intervals").asLong() + kpis.path("lateSamples").asLong()).isEqualTo(samples - 1);
        assertThat(taken() - before >= samples + 1).as("no sample was ingested twice").isFalse();
        assertThat(deadLetters()).as("none dead-lettered").isEmpty();
    }

    @Test
    void aSampleThatFailsEveryAttemptIsDeadLetteredAndIngestedWhenReplayed() throws Exception {
        Instant at = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        MqttClient device = connect("it-outage-2");
        Queue deadLetters = queue("DLQ." + MqttTelemetrySubscriber.SUBSCRIPTION.queue());
        try {
            DATABASE_DOWN.set(true);
            device.publish("smedt/" + uscc + "/outage-2/telemetry", DeviceTelemetryIT.sample(at, "IDLE", 0, "1")
                    .getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.getMessageCount() == 1);
        } finally {
            DATABASE_DOWN.set(false);
            device.disconnect();
            device.close();
        }
        JsonNode letter = deadLetters().get(0);
        assertThat(letter.path("deadLetterQueue").asText()).isEqualTo("DLQ.devices.telemetry");
        assertThat(letter.path("originalQueue").asText()).isEqualTo("smedt." + uscc + ".outage-2.telemetry");
        assertThat(letter.path("body").asText()).contains("\"state\":\"IDLE\"");
        long before = taken();

        Reply replayed = SignedCall.post(base, "/api/v1/dead-letters/" + letter.path("messageId").asText()
                + "/replay", "{}").by(GOV_ZZ.signer()).send();

        assertThat(replayed.status()).as(replayed.json().toString()).isEqualTo(200);
        assertThat(taken(before + 1, Duration.ofSeconds(20))).isTrue();
        assertThat(deviceIds(kpis())).contains("outage-2");
        assertThat(deadLetters.getMessageCount()).isZero();
        assertThat(queueNames()).as("no dead-letter queue of the broker's own for the wildcard address")
                .noneMatch(name -> name.startsWith("DLQ.smedt"));
    }

    @Test
    void onlyTheClientsOwnTelemetryTopicIsAcceptedAndARefusalIsOneWarnLine() throws Exception {
        Instant t0 = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String own = "smedt/" + uscc + "/kiln-ok/telemetry";
        assertThat(mosquittoPub("it-ok-1", own, DeviceTelemetryIT.sample(t0, "RUN", 0, "0")).exit()).isZero();
        assertThat(mosquittoPub("it-ok-2", own, DeviceTelemetryIT.sample(t0.plusSeconds(30), "RUN", 1, "0.1")).exit())
                .isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> deviceIds(kpis()).contains("kiln-ok"));
        Set<String> addresses = addressNames();
        Set<String> queues = queueNames();
        ListAppender<ILoggingEvent> log = captureLog();
        try {
            String sample = DeviceTelemetryIT.sample(t0.plusSeconds(60), "RUN", 2, "0.2");
            List<String> refused = List.of("smedt/" + uscc + "/kiln-r/telemetry", "smedt/" + uscc + "/kiln-1/other",
                    "foo/bar", "smedt/" + OTHER_ENTERPRISE + "/press-1/telemetry");
            for (String topic : refused) {
                int before = warnings(log).size();
                MosquittoPub pub = topic.contains("kiln-r") ? mosquittoPub("it-refused", topic, sample, "-r")
                        : mosquittoPub("it-refused", topic, sample);
                assertThat(pub.exit()).as(topic + ": " + pub.output()).isNotZero();
                List<ILoggingEvent> lines = await().atMost(Duration.ofSeconds(30))
                        .until(() -> warnings(log).subList(before, warnings(log).size()), l -> !l.isEmpty());
                assertThat(lines).as(topic).hasSize(1);
                assertThat(lines.get(0).getLevel()).isEqualTo(Level.WARN);
                assertThat(lines.get(0).getLoggerName()).isEqualTo("cn.smedt.hub.messaging.MqttClientPolicy");
                assertThat(lines.get(0).getThrowableProxy()).as("no stack trace").isNull();
                assertThat(lines.get(0).getFormattedMessage()).contains("'" + topic + "'").contains("user '" + uscc);
            }
            assertThat(warnings(log).get(0).getFormattedMessage()).contains("retained");
            // the same with Paho, on a connection that has published before: the broker closes it
            MqttClient paho = connect("it-paho");
            paho.setTimeToWait(10_000);
            assertThatThrownBy(() -> paho.publish("foo/bar", sample.getBytes(StandardCharsets.UTF_8), 1, false))
                    .isInstanceOf(MqttException.class);
            paho.close(true);
            MqttClient retaining = connect("it-paho-r");
            retaining.setTimeToWait(10_000);
            assertThatThrownBy(() -> retaining.publish("smedt/" + uscc + "/kiln-r/telemetry",
                    sample.getBytes(StandardCharsets.UTF_8), 1, true)).isInstanceOf(MqttException.class);
            retaining.close(true);
            MqttClient subscribing = connect("it-paho-s");
            subscribing.setTimeToWait(10_000);
            assertThatThrownBy(() -> subscribing.subscribe("smedt/#", 1)).isInstanceOf(MqttException.class);
            subscribing.close(true);
            MqttClient willing = new MqttClient("tcp://127.0.0.1:" + MQTT_PORT, "it-paho-w", new MemoryPersistence());
            MqttConnectOptions withWill = options();
            withWill.setWill("smedt/" + uscc + "/kiln-w/telemetry", sample.getBytes(StandardCharsets.UTF_8), 1, true);
            assertThatThrownBy(() -> willing.connect(withWill)).isInstanceOf(MqttException.class);
            willing.close(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> warnings(log).size() == refused.size() + 4);
            assertThat(warnings(log)).allSatisfy(line -> {
                assertThat(line.getLoggerName()).isEqualTo("cn.smedt.hub.messaging.MqttClientPolicy");
                assertThat(line.getThrowableProxy()).isNull();
            });
        } finally {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .detachAppender(log);
        }

        assertThat(addresses).as("the accepted device's topic is an address without a queue of its own")
                .contains("smedt." + uscc + ".kiln-ok.telemetry");
        assertThat(queues).noneMatch(queue -> queue.contains("kiln-ok"));
        assertThat(addressNames()).as("no address left behind").isEqualTo(addresses);
        assertThat(queueNames()).as("no queue left behind").isEqualTo(queues);
        ActiveMQServer server = broker.getActiveMQServer();
        for (String address : List.of("smedt." + uscc + ".kiln-r.telemetry", "smedt." + uscc + ".kiln-1.other",
                "smedt." + uscc + ".kiln-w.telemetry",
                "foo.bar", "smedt." + OTHER_ENTERPRISE + ".press-1.telemetry")) {
            assertThat(server.getAddressInfo(SimpleString.of(address))).as(address).isNull();
            assertThat(server.queueQuery(SimpleString.of("$sys.mqtt.retain." + address)).isExists()).isFalse();
        }
        assertThat(deviceIds(kpis())).as("nothing refused was ingested").containsExactly("kiln-ok");
        assertThat(kpis().path("intervals").asLong()).isEqualTo(1);
    }

    @Test
    void whatTheRetiredMqttSubscriptionStillHeldIsMovedIntoTheQueue() throws Exception {
        ActiveMQServer server = broker.getActiveMQServer();
        SimpleString retired = SimpleString.of("hub-telemetry-" + nodeName + ".smedt.*.*.telemetry");
        batches.stop();
        try {
            server.createQueue(org.apache.activemq.artemis.api.core.QueueConfiguration.of(retired)
                    .setAddress(MqttTelemetrySubscriber.SUBSCRIPTION.address())
                    .setRoutingType(org.apache.activemq.artemis.api.core.RoutingType.MULTICAST).setDurable(true));
            Instant at = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            assertThat(mosquittoPub("it-upgrade", "smedt/" + uscc + "/upgrade-1/telemetry",
                    DeviceTelemetryIT.sample(at, "OFF", 0, "0")).exit()).isZero();
            // as if published while the hub was being upgraded: only the old subscription has it
            assertThat(queue(MqttTelemetrySubscriber.SUBSCRIPTION.queue()).deleteAllReferences()).isEqualTo(1);
            assertThat(server.locateQueue(retired).getMessageCount()).isEqualTo(1);

            subscriber.retireMqttSubscription(server);

            assertThat(server.locateQueue(retired)).isNull();
            // the broker counts a moved message once its move has been stored
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> queue(MqttTelemetrySubscriber.SUBSCRIPTION.queue()).getMessageCount() == 1);
        } finally {
            batches.start();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> deviceIds(kpis()).contains("upgrade-1"));
    }

    record MosquittoPub(int exit, String output) {
    }

    /** Debian's mosquitto_pub (package mosquitto-clients; bin/test installs it), MQTT 3.1.1, QoS 1. */
    MosquittoPub mosquittoPub(String clientId, String topic, String payload, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                String.valueOf(MQTT_PORT), "-V", "mqttv311", "-q", "1", "-i", clientId, "-u", uscc, "-P", password,
                "-t", topic, "-m", payload));
        command.addAll(Arrays.asList(options));
        return run(command);
    }

    /** Runs mosquitto_pub with these arguments (the command first), for at most 20 s. */
    static MosquittoPub run(List<String> command) throws Exception {
        TestCommand.Result result = TestCommand.run(command,
                "apt-get install -y mosquitto-clients (bin/test does)");
        return new MosquittoPub(result.exit(), result.output());
    }

    /** A Paho MQTT 3.1.1 client of this test's enterprise, connected (clean session). */
    MqttClient connect(String clientId) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + MQTT_PORT, clientId, new MemoryPersistence());
        client.connect(options());
        return client;
    }

    MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        options.setUserName(uscc);
        options.setPassword(password.toCharArray());
        return options;
    }

    static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .addAppender(appender);
        return appender;
    }

    /** What the broker and the hub logged at WARN or above (the hub's own and the broker's loggers). */
    static List<ILoggingEvent> warnings(ListAppender<ILoggingEvent> log) {
        synchronized (log.list) {
            return log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .filter(event -> event.getLoggerName().startsWith("cn.smedt.hub.messaging")
                            || event.getLoggerName().startsWith("org.apache.activemq")
                            || event.getLoggerName().startsWith("io.netty"))
                    .toList();
        }
    }

    Queue queue(String name) {
        Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
        assertThat(queue).as("queue " + name).isNotNull();
        return queue;
    }

    Set<String> addressNames() {
        return new HashSet<>(Arrays.asList(broker.getActiveMQServer().getActiveMQServerControl().getAddressNames()));
    }

    Set<String> queueNames() {
        return new HashSet<>(Arrays.asList(broker.getActiveMQServer().getActiveMQServerControl().getQueueNames()));
    }

    JsonNode kpis() throws Exception {
        return SignedCall.get(base, "/api/v1/enterprises/" + uscc + "/device-kpis").by(GOV_ZZ.signer()).send()
                .json();
    }

    static List<String> deviceIds(JsonNode kpis) {
        List<String> ids = new ArrayList<>();
        kpis.path("devices").forEach(device -> ids.add(device.path("deviceId").asText()));
        return ids;
    }

    /** The items of the dead-letter list (first page). */
    JsonNode deadLetters() throws Exception {
        return SignedCall.get(base, "/api/v1/dead-letters").by(GOV_ZZ.signer()).send().json().path("items");
    }

    /** Telemetry messages the hub has taken so far, whatever became of them (metric hub.telemetry.samples). */
    long taken() {
        return (long) meters.find(TelemetryMetrics.SAMPLES).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Whether {@link #taken()} reaches {@code count} within {@code wait}. */
    boolean taken(long count, Duration wait) {
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(20)).until(() -> taken() >= count);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
