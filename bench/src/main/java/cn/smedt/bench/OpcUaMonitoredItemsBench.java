package cn.smedt.bench;

import cn.smedt.connectors.opcua.MachineSample;
import cn.smedt.connectors.opcua.OpcUaFactoryConfig;
import cn.smedt.connectors.opcua.OpcUaMachineConfig;
import cn.smedt.connectors.opcua.OpcUaMachineSource;
import cn.smedt.simulators.devices.MachineKind;
import cn.smedt.simulators.devices.OpcUaMachineServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * OPC UA monitored items at scale, all on 127.0.0.1 in one JVM (same clock for both ends): for each size N one
 * {@link OpcUaMachineServer} with N machines (3 items each) advancing every 1 s, one {@link OpcUaMachineSource} with
 * 1 s sampling. After the source is connected and a 3 s settle period it counts for {@code seconds}:
 * <ul>
 *   <li>the server's baseline, in the same run: node value changes/s and machine updates/s (machines with at least one
 *       changed value per tick: the samples/s a perfect connector would deliver);</li>
 *   <li>samples received/s, the ratio received / machine updates, and the latency from each sample's source
 *       timestamp (the server tick that produced it) to its receipt, p50 and p99.</li>
 * </ul>
 * Prints a markdown table. Arguments: {@code [sizes=50,200,500] [seconds=30] [out.md]}.
 */
public final class OpcUaMonitoredItemsBench {

    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final MachineKind[] KINDS = MachineKind.values();

    private OpcUaMonitoredItemsBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "50,200,500").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path out = args.length > 2 ? Path.of(args[2]) : null;

        StringBuilder table = new StringBuilder();
        table.append("| machines | monitored items | server value changes/s | expected samples/s (machine updates)"
                + " | samples received/s | ratio | latency p50 (ms) | latency p99 (ms) |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int size : sizes) {
            Row row = run(size, seconds);
            table.append(String.format("| %d | %d | %.1f | %.1f | %.1f | %.3f | %d | %d |%n", size, size * 3,
                    row.valueChangesPerSecond, row.expectedPerSecond, row.receivedPerSecond,
                    row.receivedPerSecond / row.expectedPerSecond, row.p50, row.p99));
            System.err.println("done: " + size + " machines");
        }
        String header = "OPC UA monitored items, " + seconds + " s per size, server update 1 s, sampling 1 s, "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + Instant.now() + "\n\n";
        System.out.print(header + table);
        if (out != null) {
            Files.writeString(out, header + table);
        }
    }

    private record Row(double valueChangesPerSecond, double expectedPerSecond, double receivedPerSecond, long p50,
            long p99) {
    }

    private static Row run(int size, int seconds) throws InterruptedException {
        int port = freePort();
        List<OpcUaMachineServer.Machine> machines = new ArrayList<>();
        List<OpcUaMachineConfig> configs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String deviceId = "m-" + i;
            machines.add(new OpcUaMachineServer.Machine(deviceId, KINDS[i % KINDS.length], i));
            configs.add(new OpcUaMachineConfig("91330782MA2BENCH01", deviceId,
                    OpcUaMachineServer.stateNodeId(deviceId), OpcUaMachineServer.partCountNodeId(deviceId),
                    OpcUaMachineServer.energyNodeId(deviceId)));
        }
        OpcUaFactoryConfig config = new OpcUaFactoryConfig("opc.tcp://127.0.0.1:" + port + OpcUaMachineServer.PATH,
                "None", Duration.ofSeconds(1), configs);
        AtomicBoolean measuring = new AtomicBoolean();
        LatencyRecorder latencies = new LatencyRecorder();
        try (OpcUaMachineServer server = new OpcUaMachineServer(port, machines, Duration.ofSeconds(1));
             OpcUaMachineSource source = new OpcUaMachineSource(config, sample -> {
                 if (measuring.get()) {
                     latencies.add(sample);
                 }
             })) {
            server.start();
            source.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (source.status() != OpcUaMachineSource.Status.CONNECTED) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("source not connected within 60 s");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
            long changes0 = server.valueChanges();
            long updates0 = server.machineUpdates();
            measuring.set(true);
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            measuring.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long changes = server.valueChanges() - changes0;
            long updates = server.machineUpdates() - updates0;
            long[] sorted = latencies.sorted();
            return new Row(changes / elapsed, updates / elapsed, sorted.length / elapsed, percentile(sorted, 50),
                    percentile(sorted, 99));
        }
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Receipt latency in ms of every sample during the measured window. */
    private static final class LatencyRecorder {
        private long[] values = new long[1 << 14];
        private int count;

        synchronized void add(MachineSample sample) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = Duration.between(sample.ts(), Instant.now()).toMillis();
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, count);
            Arrays.sort(copy);
            return copy;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }
}
