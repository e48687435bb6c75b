package cn.smedt.bench;

import cn.smedt.simulators.partners.GovernmentPlatformSimulator;
import cn.smedt.simulators.partners.HubClient;
import cn.smedt.simulators.partners.MqttCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT telemetry ingestion (issue 5), against a running hub with its MQTT acceptor (bench/run-mqtt-telemetry starts
 * one). For QoS 0 and then QoS 1, {@code devices} simulated devices (spread over {@code enterprises} enterprises,
 * each with its own device credentials) publish {@code messages} samples each, as fast as Paho's asynchronous client
 * allows, with distinct timestamps one second apart. In the same run it measures:
 * <ol>
 *   <li>baseline, the broker's own rate: samples the broker accepted per second, from the first publish until its
 *       queue {@code devices.telemetry} has had all of them added (its meter {@code artemis.messages.added}, read
 *       through {@link HubMeters} every {@value #POLL_MILLIS} ms while the devices publish);</li>
 *   <li>the devices' own rate, for comparison: samples per second from the first publish to the last completion
 *       (QoS 1: PUBACK received, which the broker sends once it has added the sample; QoS 0: written to the
 *       connection, which the kernel's socket buffers take before the broker has read it, so at QoS 0 this rate
 *       can be far above what the broker accepts);</li>
 *   <li>ingested and aggregated per second: from the first publish until the hub has taken every sample (its counter
 *       {@code hub.telemetry.samples} over all outcomes, counted once a batch's database transaction has committed
 *       and its messages are acknowledged to the broker; read through {@link HubMeters} every {@value #POLL_MILLIS}
 *       ms, which costs the hub far less than signed API calls would), or until {@code timeout} seconds, when it
 *       reports how many it took; then, once, the hub's signed KPI API must account for every sample after each
 *       device's first (an interval in its per-minute aggregates, or a late sample), else the run is reported
 *       incomplete.</li>
 * </ol>
 * <p>It also reports the consumers' batches of each round (the hub's {@code hub.telemetry.batch.size} and
 * {@code hub.telemetry.batch.time}): how many, their mean size and their mean time from last message to
 * acknowledgement.
 * <p>It also reports the hub's CPU by thread group ({@code /proc}, kernel time, GC and JIT included) and the share
 * the JIT's compiler threads took ({@code jitShare}).
 * <p>It also reports {@code takenWhenBrokerDone}: the samples the hub had taken when the broker had added the last one,
 * so whether the ingest kept pace with the intake or caught up only after it.
 * <p>Before the measured rounds, warm-up rounds of each QoS (the measured size up to 5,000 samples per device, other
 * devices; system property {@code bench.warm-up.messages}) run until both rounds of one leave the JIT less than
 * {@value #WARM_JIT_SHARE} of the hub's CPU, at most {@value #WARM_UP_ROUNDS} ({@code warm} says whether that was
 * reached), so that the measured rounds do not carry the JIT's warm-up of a freshly started hub: with one round of a
 * fifth of the size, the compiler threads took 18-27% of the hub's CPU in the measured QoS 0 round.
 * <p>Arguments: {@code hubUrl mqttUrl keyDir [enterprises=5] [devices=20] [messages=500] [timeout=180] [out.json]}.
 */
public final class MqttTelemetryThroughput {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often the broker's count of samples added to the telemetry queue is read while the devices publish. */
    private static final long POLL_MILLIS = 50;
    private static final String QUEUE = "devices.telemetry";
    private static final String BATCH_SIZE = "hub.telemetry.batch.size";
    private static final String BATCH_TIME = "hub.telemetry.batch.time";
    /**
     * The most warm-up rounds (each a QoS 0 and a QoS 1 round, of the measured size up to {@value #WARM_UP_MESSAGES}
     * samples per device, other devices) before the measured ones; fewer once both rounds of one gave the JIT's
     * compiler threads less than {@value #WARM_JIT_SHARE} of the hub's CPU, the hub then running its compiled code as
     * it does after hours of service.
     */
    private static final int WARM_UP_ROUNDS = 20;
    private static final double WARM_JIT_SHARE = 0.05;
    /**
     * Samples per device of a warm-up round (system property {@code bench.warm-up.messages}): the measured size, at
     * most 5,000, so that measured rounds made longer (a fixed tail weighs less in a long round) do not make the
     * warm-up minutes longer.
     */
    private static final int WARM_UP_MESSAGES = 5000;

    private MqttTelemetryThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: MqttTelemetryThroughput hubUrl mqttUrl keyDir [enterprises] [devices] [messages]"
                    + " [timeout] [out.json]");
            System.exit(2);
        }
        URI hub = URI.create(args[0]);
        String mqtt = args[1];
        Path keys = Path.of(args[2]);
        int enterpriseCount = LoanBatchThroughput.intArg(args, 3, 5);
        int devices = LoanBatchThroughput.intArg(args, 4, 20);
        int messages = LoanBatchThroughput.intArg(args, 5, 500);
        int timeout = LoanBatchThroughput.intArg(args, 6, 180);
        Path out = args.length > 7 ? Path.of(args[7]) : null;

        HubClient government = LoanBatchThroughput.client(hub, keys, "demo-gov-zz");
        List<String> usccs = LoanBatchThroughput.registerPilots(government, enterpriseCount, 4242L);
        GovernmentPlatformSimulator platform = new GovernmentPlatformSimulator(LoanBatchThroughput.sdk(hub, keys,
                "demo-gov-zz"), List.of());
        Map<String, MqttCredentials> credentials = new LinkedHashMap<>();
        for (String uscc : usccs) {
            credentials.put(uscc, platform.issueDeviceCredentials(uscc));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("hub", hub.toString());
        report.put("enterprises", usccs.size());
        report.put("devices", devices);
        report.put("messagesPerDevice", messages);
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Map<String, Object>> warmUp = new ArrayList<>();
        boolean warm = false;
        int warmUpMessages = Integer.getInteger("bench.warm-up.messages", Math.min(messages, WARM_UP_MESSAGES));
        report.put("warmUpMessagesPerDevice", warmUpMessages);
        for (int round = 1; round <= WARM_UP_ROUNDS && !warm; round++) {
            warm = true;
            for (int qos : new int[] {0, 1}) {
                Map<String, Object> result = measure(government, mqtt, credentials, usccs, "w" + round + qos + run,
                        devices, warmUpMessages, qos, timeout);
                result.put("qos", qos);
                warmUp.add(result);
                Object jit = result.get("jitShare");
                warm &= jit instanceof Double share && share < WARM_JIT_SHARE;
            }
        }
        report.put("warm", warm);
        for (int qos : new int[] {0, 1}) {
            report.put("qos" + qos, measure(government, mqtt, credentials, usccs, "q" + qos + run, devices,
                    messages, qos, timeout));
        }
        report.put("warmUp", warmUp);
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        System.out.println(text);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, text);
        }
    }

    private static Map<String, Object> measure(HubClient government, String mqtt,
                                               Map<String, MqttCredentials> credentials, List<String> usccs,
                                               String run, int devices, int messages, int qos, int timeout)
            throws Exception {
        List<MqttAsyncClient> clients = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            String uscc = usccs.get(d % usccs.size());
            MqttAsyncClient client = new MqttAsyncClient(mqtt, "bench-" + run + "-" + d, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            options.setUserName(credentials.get(uscc).username());
            options.setPassword(credentials.get(uscc).password().toCharArray());
            client.connect(options).waitForCompletion(30_000);
            clients.add(client);
            topics.add("smedt/" + uscc + "/" + run + "-" + d + "/telemetry");
        }
        Instant base = Instant.now().minus(messages + 60L, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS);
        Accounted before = accounted(government, usccs);
        long takenBefore = taken();
        double batchesBefore = HubMeters.statistic(BATCH_SIZE, "COUNT");
        double batchedBefore = HubMeters.statistic(BATCH_SIZE, "TOTAL");
        double batchSecondsBefore = HubMeters.statistic(BATCH_TIME, "TOTAL_TIME");
        long published = (long) devices * messages;
        BrokerAdded added = new BrokerAdded(published, takenBefore, timeout);
        long cpuStart = HubCpu.nanos();
        ThreadCpu.Times threadsStart = HubCpu.PID < 0 ? null : ThreadCpu.of(HubCpu.PID);
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        added.start();
        List<IMqttDeliveryToken> pending = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            for (int d = 0; d < devices; d++) {
                byte[] payload = ("{\"ts\":\"" + base.plusSeconds(i) + "\",\"state\":\"RUN\",\"partCount\":" + i
                        + ",\"energyKwh\":" + i + ".5}").getBytes(StandardCharsets.UTF_8);
                pending.add(publish(clients.get(d), topics.get(d), payload, qos));
            }
            if (pending.size() >= 800) {
                for (IMqttDeliveryToken token : pending) {
                    token.waitForCompletion(60_000);
                }
                pending.clear();
            }
        }
        for (IMqttDeliveryToken token : pending) {
            token.waitForCompletion(60_000);
        }
        double writtenSeconds = (System.nanoTime() - started) / 1e9;
        long takenCount = 0;
        long deadline = started + TimeUnit.SECONDS.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            takenCount = taken() - takenBefore;
            if (takenCount >= published) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        double ingestSeconds = (System.nanoTime() - started) / 1e9;
        long cpuEnd = HubCpu.nanos();
        ThreadCpu.Times threadsEnd = threadsStart == null ? null : ThreadCpu.of(HubCpu.PID);
        double batches = HubMeters.statistic(BATCH_SIZE, "COUNT") - batchesBefore;
        double batched = HubMeters.statistic(BATCH_SIZE, "TOTAL") - batchedBefore;
        double batchSeconds = HubMeters.statistic(BATCH_TIME, "TOTAL_TIME") - batchSecondsBefore;
        long expected = (long) devices * (messages - 1);
        Accounted after = accounted(government, usccs);
        long aggregated = after.samples() - before.samples();
        for (MqttAsyncClient client : clients) {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
        added.join();
        double brokerSeconds = (added.reachedAt - started) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("startedAt", startedAt.toString());
        result.put("published", published);
        result.put("writtenSeconds", round(writtenSeconds));
        result.put("writtenPerSecond", round(published / writtenSeconds));
        result.put("brokerAdded", added.count);
        result.put("brokerSeconds", added.reachedAt > 0 ? round(brokerSeconds) : null);
        result.put("brokerPerSecond", added.reachedAt > 0 ? round(published / brokerSeconds) : null);
        // how far the ingest had come when the broker had added the last sample: the backlog the consumers then had
        result.put("takenWhenBrokerDone", added.reachedAt > 0 ? added.takenThen : null);
        result.put("samplesTaken", takenCount);
        result.put("samplesToAccountFor", expected);
        result.put("samplesAccountedFor", aggregated);
        result.put("lateSamples", after.late() - before.late());
        result.put("complete", takenCount >= published && aggregated >= expected);
        result.put("ingestSeconds", round(ingestSeconds));
        long ingested = Math.min(published, takenCount);
        result.put("ingestedPerSecond", round(ingested / ingestSeconds));
        result.put("ratioIngestToBroker", added.reachedAt > 0
                ? round(ingested / ingestSeconds / (published / brokerSeconds)) : null);
        // the consumers' batches of the round (MQTT only: OPC UA samples are not batched this way)
        result.put("batches", (long) batches);
        result.put("meanBatchSize", batches > 0 ? round(batched / batches) : null);
        result.put("meanBatchMillis", batches > 0 ? round(batchSeconds * 1000 / batches) : null);
        result.put("ratioIngestToWritten", round(ingested / ingestSeconds / (published / writtenSeconds)));
        // the hub's process (its embedded broker included) from the first publish until all was accounted for
        result.put("hubCpuSeconds", HubCpu.seconds(cpuStart, cpuEnd));
        result.put("hubCpuMillisPerSample", HubCpu.millisPerItem(cpuStart, cpuEnd, ingested));
        // the same by thread group (/proc: user and system time, GC and JIT included), the ten that spent the most
        result.put("jitShare", threadsEnd == null ? null
                : Math.round(threadsEnd.share(threadsStart, "CompilerThre") * 1000) / 1000.0);
        result.put("threadCpuMillisPerSample", threadsEnd == null || ingested == 0 ? null
                : threadsEnd.millisPerItem(threadsStart, ingested, 10));
        return result;
    }

    /**
     * Reads the broker's count of samples added to {@value #QUEUE} every {@value #POLL_MILLIS} ms until it has grown
     * by {@code expected} (then {@link #reachedAt} is the System.nanoTime of that reading, and {@link #takenThen} the
     * samples the hub had taken by then) or {@code timeout} seconds have passed ({@link #reachedAt} stays 0).
     */
    private static final class BrokerAdded extends Thread {

        private final long expected;
        private final long deadline;
        private final double before;
        private final long takenBefore;
        private volatile long reachedAt;
        private volatile long takenThen;
        /** Samples added so far (since the round started). */
        private volatile long count;

        BrokerAdded(long expected, long takenBefore, int timeout) throws Exception {
            super("broker-added");
            setDaemon(true);
            this.expected = expected;
            this.takenBefore = takenBefore;
            this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
            this.before = HubMeters.value("artemis.messages.added", "queue", QUEUE);
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() < deadline) {
                    count = (long) (HubMeters.value("artemis.messages.added", "queue", QUEUE) - before);
                    if (count >= expected) {
                        reachedAt = System.nanoTime();
                        takenThen = taken() - takenBefore;
                        return;
                    }
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                }
            } catch (Exception e) {
                System.err.println("reading the broker's count failed: " + e);
            }
        }
    }

    private static IMqttDeliveryToken publish(MqttAsyncClient client, String topic, byte[] payload, int qos)
            throws MqttException, InterruptedException {
        while (true) {
            try {
                return client.publish(topic, payload, qos, false);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
        }
    }

    /**
     * The samples the hub has taken (its counter hub.telemetry.samples over every outcome: stored or late, committed to
     * its aggregates; or dropped as duplicates, or rejected, which the KPI check afterwards tells).
     */
    private static long taken() throws Exception {
        return (long) HubMeters.value("hub.telemetry.samples", null, null);
    }

    /**
     * What the hub's KPI window accounts for, summed over the enterprises: {@code samples}, the intervals aggregated
     * plus the samples counted as late (they arrived after a newer one of the same device), and {@code late}, those
     * late ones alone.
     */
    private record Accounted(long samples, long late) {
    }

    /** The enterprises' KPIs through the signed API, one call per enterprise. */
    private static Accounted accounted(HubClient government, List<String> usccs) throws Exception {
        long samples = 0;
        long late = 0;
        for (String uscc : usccs) {
            HubClient.Answer answer = government.get("/api/v1/enterprises/" + uscc + "/device-kpis");
            if (!answer.ok()) {
                throw new LoanBatchThroughput.BenchFailedException("device KPIs of " + uscc + ": " + answer.body());
            }
            JsonNode kpis = answer.body();
            samples += kpis.path("intervals").asLong() + kpis.path("lateSamples").asLong();
            late += kpis.path("lateSamples").asLong();
        }
        return new Accounted(samples, late);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
