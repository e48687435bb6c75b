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
 *   <li>baseline, the raw broker rate: samples the broker accepted per second (QoS 1: PUBACK received; QoS 0:
 *       written to the connection), from the first publish to the last completion;</li>
 *   <li>ingested and aggregated per second: from the first publish until the hub's KPI API accounts for every
 *       sample after each device's first (an interval in its per-minute aggregates, or a sample counted as late
 *       because a newer one of its device arrived first), or until {@code timeout} seconds, when it reports how many
 *       it accounted for.</li>
 * </ol>
 * <p>Arguments: {@code hubUrl mqttUrl keyDir [enterprises=5] [devices=20] [messages=500] [timeout=180] [out.json]}.
 */
public final class MqttTelemetryThroughput {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        for (int qos : new int[] {0, 1}) {
            report.put("qos" + qos, measure(hub, government, mqtt, credentials, usccs, "q" + qos + run, devices,
                    messages, qos, timeout));
        }
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        System.out.println(text);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, text);
        }
    }

    private static Map<String, Object> measure(URI hub, HubClient government, String mqtt,
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
        long before = intervals(government, usccs);
        long cpuStart = HubCpu.nanos();
        long started = System.nanoTime();
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
        double brokerSeconds = (System.nanoTime() - started) / 1e9;
        long expected = (long) devices * (messages - 1);
        long aggregated = 0;
        long deadline = started + TimeUnit.SECONDS.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            aggregated = intervals(government, usccs) - before;
            if (aggregated >= expected) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        double ingestSeconds = (System.nanoTime() - started) / 1e9;
        long cpuEnd = HubCpu.nanos();
        for (MqttAsyncClient client : clients) {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
        long published = (long) devices * messages;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("published", published);
        result.put("brokerSeconds", round(brokerSeconds));
        result.put("brokerPerSecond", round(published / brokerSeconds));
        result.put("samplesToAccountFor", expected);
        result.put("samplesAccountedFor", aggregated);
        result.put("lateSamples", late(government, usccs));
        result.put("complete", aggregated >= expected);
        result.put("ingestSeconds", round(ingestSeconds));
        // samples ingested = intervals aggregated + each device's first sample (which opens its first interval)
        long ingested = Math.min(published, aggregated + devices);
        result.put("ingestedPerSecond", round(ingested / ingestSeconds));
        result.put("ratioIngestToBroker", round(ingested / ingestSeconds / (published / brokerSeconds)));
        // the hub's process (its embedded broker included) from the first publish until all was accounted for
        result.put("hubCpuSeconds", HubCpu.seconds(cpuStart, cpuEnd));
        result.put("hubCpuMillisPerSample", HubCpu.millisPerItem(cpuStart, cpuEnd, ingested));
        return result;
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
     * Sum over the enterprises of the samples the hub has accounted for in its KPI window: intervals aggregated plus
     * samples counted as late (they arrived after a newer one of the same device).
     */
    private static long intervals(HubClient government, List<String> usccs) throws Exception {
        long sum = 0;
        for (String uscc : usccs) {
            HubClient.Answer answer = government.get("/api/v1/enterprises/" + uscc + "/device-kpis");
            if (!answer.ok()) {
                throw new LoanBatchThroughput.BenchFailedException("device KPIs of " + uscc + ": " + answer.body());
            }
            JsonNode kpis = answer.body();
            sum += kpis.path("intervals").asLong() + kpis.path("lateSamples").asLong();
        }
        return sum;
    }

    private static long late(HubClient government, List<String> usccs) throws Exception {
        long sum = 0;
        for (String uscc : usccs) {
            sum += government.get("/api/v1/enterprises/" + uscc + "/device-kpis").body().path("lateSamples").asLong();
        }
        return sum;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
