package cn.smedt.bench;

import cn.smedt.connectors.opcua.MachineSample;
import cn.smedt.connectors.opcua.OpcUaFactoryConfig;
import cn.smedt.connectors.opcua.OpcUaMachineConfig;
import cn.smedt.connectors.opcua.OpcUaMachineSource;
import cn.smedt.simulators.devices.MachineKind;
import cn.smedt.simulators.devices.OpcUaMachineServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * OPC UA monitored items at scale on 127.0.0.1: for each size N, N machines (3 items each) advancing every 1 s,
 * split over {@code endpoints} {@link OpcUaMachineServer}s, each in its own child JVM (this class with argument
 * {@code serve}), and one {@link OpcUaMachineSource} per endpoint (sampling and publishing intervals as given, 1 s by
 * default) in this JVM, which is thereby the
 * hub's side alone: its CPU is measured clean of the servers'. After the sources are connected and a 3 s settle
 * period it counts for {@code seconds}:
 * <ul>
 *   <li>the servers' baseline, in the same run: node value changes/s and machine updates/s (machines with at least
 *       one changed value per tick: the samples/s a perfect connector would deliver);</li>
 *   <li>machine-ticks missed: per endpoint, each server tick seen in the window (first and last left out) that a
 *       machine has no sample of (every machine changes every tick), plus every machine for a tick no machine has a
 *       sample of (a gap of 2 s or more between the ticks seen), independent of where the window cuts (a sample that
 *       arrived before the window or up to 5 s after it counts as received); each tick with
 *       misses is printed on standard error, with the median latency of every tick (the timers' phase);</li>
 *   <li>values overflowed: values the connector received with the overflow bit (a server queue was full), and
 *       publishes lost: publish responses missing from the sequence that the server could not republish;</li>
 *   <li>samples received/s, the ratio received / machine updates, and the latency from each sample's source
 *       timestamp (the server tick that produced it) to its receipt, p50 and p99 (both ends on this machine's
 *       clock);</li>
 *   <li>CPU: this JVM's process CPU time (the connector side) and the servers' over the window, as cores used and
 *       as microseconds per received sample.</li>
 * </ul>
 * Prints a markdown table. Arguments: {@code [sizes=50,200,500] [seconds=30] [out.md] [endpoints=1]
 * [sampling ms=1000] [publishing ms=sampling]}; a child:
 * {@code serve <port> <first machine> <machines>}, which answers each line on its standard input with
 * {@code <value changes> <machine updates> <process CPU ns>} and exits at end of input.
 */
public final class OpcUaMonitoredItemsBench {

    private static final Duration SETTLE = Duration.ofSeconds(3);
    /** How long after the window samples of its ticks still count as received (not in the latency or rate). */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final MachineKind[] KINDS = MachineKind.values();

    private OpcUaMonitoredItemsBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "serve".equals(args[0])) {
            serve(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "50,200,500").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path out = args.length > 2 ? Path.of(args[2]) : null;
        int endpoints = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Duration sampling = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 1000);
        Duration publishing = args.length > 5 ? Duration.ofMillis(Long.parseLong(args[5])) : sampling;

        StringBuilder table = new StringBuilder();
        table.append("| machines | monitored items | endpoints | server value changes/s | expected samples/s (machine"
                + " updates) | samples received/s | ratio | latency p50 (ms) | latency p99 (ms) | connector CPU"
                + " (cores) | connector CPU µs/sample | servers CPU (cores) | load average | machine-ticks missed"
                + " / expected | values overflowed | publishes lost |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int size : sizes) {
            Row row = run(size, seconds, Math.min(endpoints, size), sampling, publishing);
            table.append(String.format("| %d | %d | %d | %.1f | %.1f | %.1f | %.3f | %d | %d | %.3f | %.1f | %.3f"
                            + " | %.1f | %d / %d | %d | %d |%n", size, size * 3, Math.min(endpoints, size),
                    row.valueChangesPerSecond,
                    row.expectedPerSecond, row.receivedPerSecond, row.receivedPerSecond / row.expectedPerSecond,
                    row.p50, row.p99, row.connectorCores, row.connectorCores * 1e6 / row.receivedPerSecond,
                    row.serverCores, row.loadAverage, row.missed, row.expected, row.overflowed,
                    row.publishesLost));
            System.err.println("done: " + size + " machines");
        }
        String header = "OPC UA monitored items, " + seconds + " s per size, server update 1 s, sampling "
                + sampling.toMillis() + " ms, publishing " + publishing.toMillis() + " ms, "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", servers in child JVMs, " + Instant.now() + "\n\n";
        System.out.print(header + table);
        if (out != null) {
            Files.writeString(out, header + table);
        }
    }

    /**
     * One size's figures; the CPU ones are cores used over the window (CPU seconds / wall seconds), the load average
     * the machine's 1-minute one at its end (the machine is shared: other processes compete for the same cores).
     */
    private record Row(double valueChangesPerSecond, double expectedPerSecond, double receivedPerSecond, long p50,
            long p99, double connectorCores, double serverCores, double loadAverage, long missed, long expected,
            long overflowed, long publishesLost) {
    }

    private static Row run(int size, int seconds, int endpoints, Duration sampling, Duration publishing)
            throws Exception {
        List<ServerProcess> servers = new ArrayList<>();
        List<OpcUaMachineSource> sources = new ArrayList<>();
        AtomicBoolean measuring = new AtomicBoolean();
        LatencyRecorder latencies = new LatencyRecorder();
        List<List<String>> machinesByEndpoint = new ArrayList<>();
        try {
            for (int e = 0; e < endpoints; e++) {
                int first = size * e / endpoints;
                int count = size * (e + 1) / endpoints - first;
                ServerProcess server = ServerProcess.start(first, count);
                servers.add(server);
                List<OpcUaMachineConfig> configs = new ArrayList<>();
                List<String> deviceIds = new ArrayList<>();
                machinesByEndpoint.add(deviceIds);
                for (int i = first; i < first + count; i++) {
                    String deviceId = "m-" + i;
                    deviceIds.add(deviceId);
                    configs.add(new OpcUaMachineConfig("91330782MA2BENCH01", deviceId,
                            OpcUaMachineServer.stateNodeId(deviceId), OpcUaMachineServer.partCountNodeId(deviceId),
                            OpcUaMachineServer.energyNodeId(deviceId)));
                }
                OpcUaFactoryConfig config = new OpcUaFactoryConfig("opc.tcp://127.0.0.1:" + server.port
                        + OpcUaMachineServer.PATH, "None", sampling, publishing, configs);
                OpcUaMachineSource source = new OpcUaMachineSource(config, sample -> {
                    latencies.add(sample, measuring.get());
                });
                sources.add(source);
                source.start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (sources.stream().anyMatch(s -> s.status() != OpcUaMachineSource.Status.CONNECTED)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sources not connected within 180 s");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
            long[] before = counters(servers);
            long overflowed0 = sources.stream().mapToLong(OpcUaMachineSource::valuesOverflowed).sum();
            long lost0 = sources.stream().mapToLong(OpcUaMachineSource::publishesLost).sum();
            long cpu0 = processCpuNanos();
            measuring.set(true);
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            measuring.set(false);
            long cpu = processCpuNanos() - cpu0;
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] after = counters(servers);
            long[] sorted = latencies.sorted();
            long overflowed = sources.stream().mapToLong(OpcUaMachineSource::valuesOverflowed).sum() - overflowed0;
            long lost = sources.stream().mapToLong(OpcUaMachineSource::publishesLost).sum() - lost0;
            System.err.println("median latency (ms) by tick: " + latencies.latencyByTick());
            TimeUnit.MILLISECONDS.sleep(GRACE.toMillis()); // late samples of the window's ticks still count
            long[] missed = latencies.missedOfExpected(machinesByEndpoint);
            return new Row((after[0] - before[0]) / elapsed, (after[1] - before[1]) / elapsed,
                    sorted.length / elapsed, percentile(sorted, 50), percentile(sorted, 99), cpu / 1e9 / elapsed,
                    (after[2] - before[2]) / 1e9 / elapsed,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), missed[0], missed[1],
                    overflowed, lost);
        } finally {
            for (OpcUaMachineSource source : sources) {
                source.close();
            }
            for (ServerProcess server : servers) {
                server.close();
            }
        }
    }

    /** Value changes, machine updates and CPU ns summed over the servers. */
    private static long[] counters(List<ServerProcess> servers) throws IOException {
        long[] sum = new long[3];
        for (ServerProcess server : servers) {
            long[] one = server.counters();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += one[i];
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The child: one server with machines m-first .. m-(first+count-1); answers each input line with its counters. */
    private static void serve(int port, int first, int count) throws Exception {
        List<OpcUaMachineServer.Machine> machines = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            machines.add(new OpcUaMachineServer.Machine("m-" + i, KINDS[i % KINDS.length], i));
        }
        try (OpcUaMachineServer server = new OpcUaMachineServer(port, machines, Duration.ofSeconds(1));
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            server.start();
            System.out.println("ready");
            System.out.flush();
            while (in.readLine() != null) {
                System.out.println(server.valueChanges() + " " + server.machineUpdates() + " " + processCpuNanos());
                System.out.flush();
            }
        }
    }

    /** A server child JVM (same java, same class path) on a free loopback port. */
    private static final class ServerProcess implements AutoCloseable {
        private final Process process;
        private final int port;
        private final BufferedReader out;
        private final PrintWriter in;

        private ServerProcess(Process process, int port) {
            this.process = process;
            this.port = port;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static ServerProcess start(int first, int count) throws IOException {
            int port = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx1g", "-Djava.net.preferIPv4Stack=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                    OpcUaMonitoredItemsBench.class.getName(), "serve", Integer.toString(port),
                    Integer.toString(first), Integer.toString(count))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            ServerProcess server = new ServerProcess(process, port);
            String ready = server.out.readLine();
            if (!"ready".equals(ready)) {
                server.close();
                throw new IllegalStateException("OPC UA server process did not start: " + ready);
            }
            return server;
        }

        long[] counters() throws IOException {
            in.println("count");
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("OPC UA server process ended");
            }
            return Arrays.stream(line.trim().split(" ")).mapToLong(Long::parseLong).toArray();
        }

        @Override
        public void close() {
            in.close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /**
     * Receipt latency in ms of every sample during the measured window, and the source timestamps (server ticks)
     * each machine's samples carried.
     */
    private static final class LatencyRecorder {
        private long[] values = new long[1 << 14];
        private Instant[] tickOf = new Instant[1 << 14];
        private int count;
        private final Map<String, Set<Instant>> ticksByMachine = new HashMap<>();
        private final Map<String, Set<Instant>> everTicksByMachine = new HashMap<>();

        /** Records {@code sample}'s tick as received; its latency and its tick as seen only when in the window. */
        synchronized void add(MachineSample sample, boolean inWindow) {
            everTicksByMachine.computeIfAbsent(sample.deviceId(), d -> new HashSet<>()).add(sample.ts());
            if (!inWindow) {
                return;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
                tickOf = Arrays.copyOf(tickOf, count * 2);
            }
            tickOf[count] = sample.ts();
            values[count++] = Duration.between(sample.ts(), Instant.now()).toMillis();
            ticksByMachine.computeIfAbsent(sample.deviceId(), d -> new HashSet<>()).add(sample.ts());
        }

        /**
         * Machine updates missed: for each endpoint's machines, every server tick seen in the window (a source
         * timestamp some machine of that endpoint carried, the first and last tick left out: the window cuts them)
         * that a machine has no sample of, received at any time from the connection to {@link #GRACE} after the
         * window (under load the latency of one tick's samples spreads over more than a tick, so the window's edges
         * also cut the ticks next to the first and last). Meaningful when every machine changes at every tick
         * (machine updates/s = machines x ticks/s, which the table's baseline shows).
         */
        synchronized long[] missedOfExpected(List<List<String>> endpoints) {
            long missed = 0;
            long expected = 0;
            for (List<String> machines : endpoints) {
                TreeSet<Instant> ticks = new TreeSet<>();
                machines.forEach(m -> ticks.addAll(ticksByMachine.getOrDefault(m, Set.of())));
                if (ticks.size() < 3) {
                    continue;
                }
                ticks.pollFirst();
                ticks.pollLast();
                Instant previous = null;
                for (Instant tick : ticks) {
                    long missing = 0;
                    for (String machine : machines) {
                        missing += everTicksByMachine.getOrDefault(machine, Set.of()).contains(tick) ? 0 : 1;
                    }
                    // a tick no machine has a sample of leaves a gap of 2 s or more between the ticks seen
                    long unseen = previous == null ? 0
                            : Math.max(0, Math.round(Duration.between(previous, tick).toMillis() / 1000.0) - 1);
                    if (missing > 0 || unseen > 0) {
                        System.err.printf("tick %s: %d of %d machines missing; %d whole ticks unseen before it%n",
                                tick, missing, machines.size(), unseen);
                    }
                    expected += machines.size() * (1 + unseen);
                    missed += missing + machines.size() * unseen;
                    previous = tick;
                }
            }
            return new long[] {missed, expected};
        }

        /** Median receipt latency (ms) of each tick's samples, in tick order: the timers' phase over the window. */
        synchronized String latencyByTick() {
            Map<Instant, List<Long>> byTick = new java.util.TreeMap<>();
            for (int i = 0; i < count; i++) {
                byTick.computeIfAbsent(tickOf[i], t -> new ArrayList<>()).add(values[i]);
            }
            StringBuilder text = new StringBuilder();
            byTick.forEach((tick, latencies) -> {
                latencies.sort(null);
                text.append(latencies.get(latencies.size() / 2)).append(' ');
            });
            return text.toString().trim();
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
