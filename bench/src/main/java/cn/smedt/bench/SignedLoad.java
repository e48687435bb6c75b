package cn.smedt.bench;

import cn.smedt.security.client.SignedHttpClient;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import cn.smedt.simulators.partners.DemoEnterprises;
import cn.smedt.simulators.partners.HubClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Signed load (issue 12), run by bench/signed-load against one hub started with profile demo: pre-builds unique
 * signed requests (own nonce, created, Idempotency-Key and record ids) with the demo partners' keys (test keys the
 * demo profile generates in the hub's data directory), then replays each exactly once with {@code wrk} and
 * bench/lib/replay.lua, at each concurrency, and prints req/s, p50, p99 and the 4xx/5xx count per request kind,
 * the crypto+JSON ceiling of one signed request ({@link CryptoCeiling}) and, for the writes, the fsync/fdatasync
 * calls per request of the hub process and of the PostgreSQL processes ({@code perf stat} on their syscall
 * tracepoints, in the measured runs themselves). A last, separate run of submitLoan (or of each kind named in the
 * environment variable {@code PROFILE}) at the lowest concurrency records a JFR profile of the hub and prints where
 * its CPU goes and what it allocates ({@link JfrSummary}; not counted in the table).
 *
 * <p>Requests are signed just before their run ({@code created} must be within the hub's signature window, 300 s
 * by default). A run in which a wrk thread ran out of requests is discarded and repeated with more.
 *
 * <p>Arguments: {@code hubUrl keyDir workDir seconds connections(8,64) hubPid pgPid|- database out.md}.
 */
public final class SignedLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate START = LocalDate.of(2024, 3, 1);
    private static final int WRK_THREADS = 2;
    private static final int PILOTS = 100;
    private static final int LOANS_FOR_PERIODS = 200;
    private static final String[] FSYNC_EVENTS = {"syscalls:sys_enter_fsync", "syscalls:sys_enter_fdatasync",
        "syscalls:sys_enter_sync_file_range", "syscalls:sys_enter_msync"};

    private final URI hub;
    private final Path work;
    private final int seconds;
    private final long hubPid;
    private final long pgPid;
    private final MessageSigner government;
    private final MessageSigner bank;
    private final String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Double> expectedRate = new LinkedHashMap<>();
    private List<String> pilots;
    private List<String> loans;
    private long periodsAcknowledged;
    private CryptoCeiling ceiling;

    /** One kind of request of the table. */
    private record Kind(String name, String label, boolean signed, boolean write, String path) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("hub-keys", "unsigned `GET /.well-known/hub-keys`", false, false, "/.well-known/hub-keys"),
            new Kind("health", "unsigned `GET /actuator/health`", false, false, "/actuator/health"),
            new Kind("getEnterprise", "signed read `getEnterprise`", true, false, null),
            new Kind("registerEnterprise", "signed write `registerEnterprise`", true, true, null),
            new Kind("submitLoan", "signed write `submitLoan`", true, true, null),
            new Kind("submitInterestPeriod", "signed write `submitInterestPeriod`", true, true, null));

    /** What wrk printed in its RESULT line, plus the fsync counts of the run. */
    private record Result(Kind kind, int connections, long requests, double seconds, long non2xx, long socketErrors,
                          double p50Ms, double p99Ms, long hubSyncs, long pgSyncs, Usage cpu,
                          CryptoCeiling.Rate ceiling, double jitSeconds) {
        double perSecond() {
            return requests / seconds;
        }

        double hubCpuMillis() {
            return cpu.hubSeconds() * 1000 / requests;
        }

        double postgresCpuMillis() {
            return cpu.postgresSeconds() * 1000 / requests;
        }

        /** The hub's JIT compiler threads' share of its CPU in the run: high means the hub was not yet warm. */
        double jitShare() {
            return cpu.hubSeconds() == 0 ? 0 : jitSeconds / cpu.hubSeconds();
        }
    }

    private SignedLoad(URI hub, Path keys, Path work, int seconds, long hubPid, long pgPid) {
        this.hub = hub;
        this.work = work;
        this.seconds = seconds;
        this.hubPid = hubPid;
        this.pgPid = pgPid;
        this.government = signer(keys, "demo-gov-zz");
        this.bank = signer(keys, "demo-bank-zz");
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: SignedLoad hubUrl keyDir workDir seconds connections hubPid pgPid|- database"
                    + " out.md");
            System.exit(2);
        }
        int seconds = Integer.parseInt(args[3]);
        if (seconds < 1 || seconds > 20) {
            throw new LoanBatchThroughput.BenchFailedException("seconds per run: 1 to 20 (the machine is shared)");
        }
        List<Integer> connections = List.of(args[4].split(",")).stream().map(Integer::parseInt).toList();
        SignedLoad load = new SignedLoad(URI.create(args[0]), Path.of(args[1]), Path.of(args[2]), seconds,
                Long.parseLong(args[5]), "-".equals(args[6]) ? -1 : Long.parseLong(args[6]));
        String report = load.measure(connections, args[7]);
        System.out.println(report);
        Files.writeString(Path.of(args[8]), report);
    }

    private String measure(List<Integer> connections, String database) throws Exception {
        Files.createDirectories(work);
        setUp();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("crypto+JSON ceiling of one signed request (%d threads) ...%n", cores);
        ceiling = new CryptoCeiling();
        CryptoCeiling.Rate ceilingAlone = ceiling.measure(cores, 10, Math.min(seconds, 10));
        System.out.printf("ceiling: %.0f requests/s (%.3f CPU ms each; %.0f/s of wall time; measured again for 2 s"
                + " before each signed run)%n", ceilingAlone.perSecond(), ceilingAlone.cpuMillisPerRequest(),
                ceilingAlone.wallPerSecond());
        int warmUp = warmUpSeconds();
        System.out.println("warm-up: every kind for " + warmUp + " s at " + connections.get(0)
                + " connections (not counted)");
        for (Kind kind : measuredKinds()) {
            replay(kind, connections.get(0), warmUp, false);
        }
        List<Result> results = new ArrayList<>();
        for (int c : connections) {
            for (Kind kind : measuredKinds()) {
                Result result = replay(kind, c, seconds, kind.write());
                System.out.printf("%-22s c=%-3d %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  4xx/5xx %d  hub CPU %.3f"
                        + " ms/req  others' CPU %.2f cores%n", kind.name(), c, result.perSecond(), result.p50Ms(),
                        result.p99Ms(), result.non2xx(), result.hubCpuMillis(), result.cpu().othersCores());
                results.add(result);
            }
        }
        // at the lowest concurrency: at 64 connections on PostgreSQL JFR's own cost made requests wait more than the
        // pool's 1 s for a connection (503 storage-unavailable), and a profile of refusals shows the wrong work
        String profile = profile(connections.get(0));
        return report(database, cores, ceilingAlone, results, profile);
    }

    // ---- setup -----------------------------------------------------------------------------------------------------

    private void setUp() throws Exception {
        HubClient gov = new HubClient(hub, government);
        HubClient bankClient = new HubClient(hub, bank);
        pilots = LoanBatchThroughput.registerPilots(gov, PILOTS, run.hashCode());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < LOANS_FOR_PERIODS; i++) {
                String bankLoanId = "SL" + run + "-P" + i;
                String uscc = pilots.get(i % pilots.size());
                created.add(pool.submit(() -> {
                    HubClient.Answer answer = bankClient.post("/api/v1/loans",
                            LoanBatchThroughput.loan(bankLoanId, uscc, "100000000.00"));
                    if (!answer.ok()) {
                        throw new LoanBatchThroughput.BenchFailedException("loan refused: " + answer.body());
                    }
                    return answer.body().path("loanId").asText();
                }));
            }
            loans = new ArrayList<>();
            for (Future<String> f : created) {
                loans.add(f.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf("set up: %d pilot enterprises, %d loans for the interest periods%n", pilots.size(),
                loans.size());
    }

    // ---- requests --------------------------------------------------------------------------------------------------

    /** One unique signed request of the kind, as raw HTTP/1.1 bytes. */
    private byte[] request(Kind kind, long n, long created) throws Exception {
        return switch (kind.name()) {
            case "getEnterprise" -> raw(government, "GET", "/api/v1/enterprises/" + pilots.get((int) (n % PILOTS)),
                    null, created);
            case "registerEnterprise" -> {
                DemoEnterprises.Enterprise e = DemoEnterprises.generate(1, run.hashCode() * 1_000_003L + n).get(0);
                ObjectNode body = JSON.createObjectNode().put("uscc", e.uscc()).put("name", e.name() + "-" + n)
                        .put("regionCode", e.region()).put("industryCode", e.industry())
                        .put("scale", "ABOVE_DESIGNATED_SIZE").put("pilot", true);
                yield raw(government, "POST", "/api/v1/enterprises", body, created);
            }
            case "submitLoan" -> raw(bank, "POST", "/api/v1/loans",
                    LoanBatchThroughput.loan("SL" + run + "-" + n, pilots.get((int) (n % PILOTS))), created);
            case "submitInterestPeriod" -> {
                // a one-day period: loan n % loans, day n / loans after the loans' start
                LocalDate day = START.plusDays(n / loans.size());
                ObjectNode body = JSON.createObjectNode().put("periodStart", day.toString())
                        .put("periodEnd", day.plusDays(1).toString()).put("outstandingPrincipal", "1000000.00")
                        .put("interestPaid", "108.33").put("paidOn", day.plusDays(1).toString());
                yield raw(bank, "POST", "/api/v1/loans/" + loans.get((int) (n % loans.size())) + "/interest-periods",
                        body, created);
            }
            default -> throw new LoanBatchThroughput.BenchFailedException("no signed request for " + kind.name());
        };
    }

    private byte[] raw(MessageSigner signer, String method, String path, JsonNode json, long created)
            throws Exception {
        byte[] body = json == null ? null : JSON.writeValueAsBytes(json);
        Map<String, String> extra = json == null ? Map.of() : Map.of("Idempotency-Key", "bench-" + UUID.randomUUID());
        HttpMessage signed = SignedHttpClient.signedRequest(signer, DigestAlgorithm.SM3, method, hub.resolve(path),
                json == null ? null : "application/json", body, extra, created, SignedHttpClient.newNonce());
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hub.getAuthority()).append("\r\n");
        List<String> names = new ArrayList<>(extra.keySet());
        names.addAll(List.of("Content-Type", "Content-Digest", "Signature-Input", "Signature"));
        for (String name : names) {
            for (String value : signed.headerValues(name.toLowerCase())) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.write(body);
        }
        return out.toByteArray();
    }

    /** Signs {@code count} requests (all cores) and writes them to {@code prefix.0 .. prefix.(WRK_THREADS-1)}. */
    private void build(Kind kind, int count, Path prefix) throws Exception {
        long first = sequence.getAndAdd(count);
        long created = Instant.now().getEpochSecond();
        List<byte[]> built = IntStream.range(0, count).parallel().mapToObj(i -> {
            try {
                return request(kind, first + i, created);
            } catch (Exception e) {
                throw new LoanBatchThroughput.BenchFailedException("signing a request: " + e);
            }
        }).toList();
        for (int t = 0; t < WRK_THREADS; t++) {
            try (OutputStream out = Files.newOutputStream(Path.of(prefix + "." + t))) {
                for (int i = t; i < count; i += WRK_THREADS) {
                    out.write((built.get(i).length + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(built.get(i));
                }
            }
        }
    }

    // ---- replay ----------------------------------------------------------------------------------------------------

    private Result replay(Kind kind, int connections, int runSeconds, boolean countSyncs) throws Exception {
        return replay(kind, connections, runSeconds, countSyncs, null);
    }

    /** One run; with {@code jfr}, the hub records a JFR profile into it during the wrk run only. */
    private Result replay(Kind kind, int connections, int runSeconds, boolean countSyncs, Path jfr)
            throws Exception {
        for (int attempt = 0; ; attempt++) {
            Path prefix = work.resolve(kind.name() + "-c" + connections);
            List<String> command = new ArrayList<>(List.of("wrk", "-t", String.valueOf(WRK_THREADS), "-c",
                    String.valueOf(connections), "-d", runSeconds + "s", "--timeout", "10s", "-s",
                    Path.of("bench/lib/replay.lua").toAbsolutePath().toString(),
                    hub.resolve(kind.signed() ? "/" : kind.path()).toString()));
            int count = 0;
            if (kind.signed()) {
                double rate = expectedRate.getOrDefault(kind.name(), kind.write() ? 1500.0 : 4000.0);
                count = (int) Math.min(2_000_000, rate * runSeconds * 2.5 * (attempt + 1) + 1000);
                build(kind, count, prefix);
                command.addAll(List.of("--", prefix.toString()));
            }
            settle();
            CryptoCeiling.Rate ceilingNow = kind.signed()
                    ? ceiling.measure(Runtime.getRuntime().availableProcessors(), 0, 2) : null;
            List<Tracer> tracers = countSyncs ? startTracers(kind, connections) : List.of();
            if (jfr != null) {
                jcmd("JFR.start", "name=signed-load", "settings=profile", "filename=" + jfr);
            }
            CpuAccount cpu = CpuAccount.now(hubPid, pgPid);
            ThreadCpu.Times threadsBefore = ThreadCpu.of(hubPid);
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = wrk.waitFor();
            if (jfr != null) {
                jcmd("JFR.stop", "name=signed-load");
            }
            for (int t = 0; t < WRK_THREADS && kind.signed(); t++) {
                Files.deleteIfExists(Path.of(prefix + "." + t));
            }
            Usage usage = cpu.usage();
            double jit = ThreadCpu.of(hubPid).seconds(threadsBefore, "CompilerThre");
            long[] syncs = stopTracers(tracers);
            String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(
                    () -> new LoanBatchThroughput.BenchFailedException("wrk (exit " + exit + ") printed no RESULT:\n"
                            + output));
            JsonNode r = JSON.readTree(line.substring(7));
            if (r.path("exhausted").asLong() > 0 && attempt < 3) {
                System.out.printf("%s c=%d: %d requests were not enough for %d s, building more%n", kind.name(),
                        connections, count, runSeconds);
                expectedRate.put(kind.name(), count / (double) runSeconds * 2);
                continue;
            }
            Result result = new Result(kind, connections, r.path("requests").asLong(),
                    r.path("durationUs").asLong() / 1e6, r.path("non2xx").asLong(),
                    r.path("connectErrors").asLong() + r.path("readErrors").asLong()
                            + r.path("writeErrors").asLong() + r.path("timeouts").asLong(),
                    r.path("p50Us").asLong() / 1000.0, r.path("p99Us").asLong() / 1000.0, syncs[0], syncs[1], usage,
                    ceilingNow, jit);
            if (kind.name().equals("submitInterestPeriod")) {
                periodsAcknowledged += result.requests() - result.non2xx();
            }
            // never below the first guess: a warm-up's rate is no guide to a warm hub's
            expectedRate.put(kind.name(), Math.max(result.perSecond(), expectedRate.getOrDefault(kind.name(),
                    kind.write() ? 1500.0 : 4000.0)));
            if (result.non2xx() > 0 && kind.signed()) {
                explainRefusal(kind);
            }
            return result;
        }
    }

    /**
     * Waits (at most two minutes) until the hub is idle: every interest period acknowledged so far decided and
     * delivered to the demo government platform, and the hub's CPU below 0.15 cores over a second, so the decisions
     * and deliveries the writes of one run queued are not counted against the next.
     */
    private void settle() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        long delivered = -1;
        while (System.nanoTime() < deadline) {
            long before = CpuAccount.ticks(hubPid);
            Thread.sleep(1000);
            long now = deliveredDecisions();
            boolean idle = CpuAccount.ticks(hubPid) - before < 0.15 * CpuAccount.HZ;
            if (idle && now == delivered && now >= periodsAcknowledged) {
                return;
            }
            delivered = now;
        }
        System.out.printf("  the hub was still busy after two minutes (%d of %d periods' decisions delivered);"
                + " measuring anyway%n", delivered, periodsAcknowledged);
    }

    private long deliveredDecisions() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var answer = http.send(java.net.http.HttpRequest.newBuilder(hub.resolve("/demo/government-platform/decisions"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("accepted").asLong() : -1;
    }

    /** CPU used during a run (see {@link CpuAccount}). */
    private record Usage(double hubSeconds, double postgresSeconds, double othersCores) {
    }

    /**
     * CPU time of the machine during a run, to tell how much of it other processes (other users of a shared
     * machine) took: all busy time (/proc/stat) minus the hub's, PostgreSQL's and this process's with its waited-for
     * children (wrk, perf).
     */
    private record CpuAccount(long hub, long pg, long self, long total, long startNanos, long hubPid, long pgPid) {

        static final double HZ = 100.0;

        static CpuAccount now(long hubPid, long pgPid) {
            return new CpuAccount(ticks(hubPid), postgresTicks(pgPid), ownTicks(), busyTicks(), System.nanoTime(),
                    hubPid, pgPid);
        }

        /** CPU since {@link #now}: the hub's and PostgreSQL's seconds, and other processes' cores on average. */
        Usage usage() {
            long hubUsed = ticks(hubPid) - hub;
            long pgUsed = postgresTicks(pgPid) - pg;
            long others = busyTicks() - total - hubUsed - pgUsed - (ownTicks() - self);
            return new Usage(hubUsed / HZ, pgUsed / HZ,
                    Math.max(0, others) / HZ / ((System.nanoTime() - startNanos) / 1e9));
        }

        /** utime + stime of a process (fields 14 and 15 of /proc/pid/stat), 0 when gone. */
        static long ticks(long pid) {
            long[] f = stat(pid);
            return f.length == 0 ? 0 : f[0] + f[1];
        }

        private static long ownTicks() {
            long[] f = stat(ProcessHandle.current().pid());
            return f.length == 0 ? 0 : f[0] + f[1] + f[2] + f[3];
        }

        private static long postgresTicks(long pgPid) {
            if (pgPid <= 0) {
                return 0;
            }
            return ticks(pgPid) + ProcessHandle.of(pgPid).stream().flatMap(ProcessHandle::descendants)
                    .mapToLong(p -> ticks(p.pid())).sum();
        }

        /** utime, stime, cutime, cstime. */
        private static long[] stat(long pid) {
            try {
                String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14])};
            } catch (IOException | RuntimeException e) {
                return new long[0];
            }
        }

        private static long busyTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length && i <= 7; i++) { // user nice system idle iowait irq softirq
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy;
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /** Sends one more request of the kind the normal way and prints the hub's answer (why wrk got 4xx/5xx). */
    private void explainRefusal(Kind kind) throws Exception {
        Path one = work.resolve("explain");
        build(kind, WRK_THREADS, one);
        String text = Files.readString(Path.of(one + ".0"), StandardCharsets.UTF_8);
        String raw = text.substring(text.indexOf('\n') + 1);
        try (var socket = new java.net.Socket(hub.getHost(), hub.getPort())) {
            socket.getOutputStream().write(raw.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println("  one more " + kind.name() + " answered: "
                    + answer.lines().findFirst().orElse("") + " " + answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
    }

    // ---- fsync counting (perf stat on the syscall tracepoints) -----------------------------------------------------

    /** A running {@code perf stat} and the file it writes its counts to. */
    private record Tracer(Process perf, Path out) {
    }

    private List<Tracer> startTracers(Kind kind, int connections) throws IOException {
        List<Tracer> tracers = new ArrayList<>();
        tracers.add(perf(String.valueOf(hubPid), work.resolve("perf-hub-" + kind.name() + "-c" + connections)));
        if (pgPid > 0) {
            // the postmaster and its children (backends, WAL writer, checkpointer); later forks are inherited
            String pids = Stream.concat(Stream.of(pgPid),
                    ProcessHandle.of(pgPid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid))
                    .map(String::valueOf).collect(Collectors.joining(","));
            tracers.add(perf(pids, work.resolve("perf-pg-" + kind.name() + "-c" + connections)));
        }
        return tracers;
    }

    private static Tracer perf(String pids, Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of("perf", "stat", "-x", ",", "-o", out.toString(), "-p", pids));
        for (String event : FSYNC_EVENTS) {
            command.addAll(List.of("-e", event));
        }
        Process perf = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of(out + ".log").toFile()).start();
        return new Tracer(perf, out);
    }

    /** SIGINT to each perf (it then writes its counts); the calls each counted (hub, postgres), -1 if none ran. */
    private static long[] stopTracers(List<Tracer> tracers) throws Exception {
        long[] sums = {-1, -1};
        for (Tracer tracer : tracers) {
            new ProcessBuilder("kill", "-INT", String.valueOf(tracer.perf().pid())).start().waitFor();
            tracer.perf().waitFor(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < tracers.size(); i++) {
            Path file = tracers.get(i).out();
            if (!Files.exists(file)) {
                continue;
            }
            sums[i] = 0;
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(",");
                if (fields.length > 2 && fields[2].startsWith("syscalls:") && fields[0].matches("\\d+")) {
                    sums[i] += Long.parseLong(fields[0]);
                }
            }
        }
        return sums;
    }

    // ---- JFR profiles ----------------------------------------------------------------------------------------------

    /**
     * Seconds each kind runs, not counted, before the measured runs: environment variable {@code WARMUP} (default
     * 20). On two cores the JIT compilers of a hub this size are still busy after a few seconds (they took 40% of
     * the hub's CPU in a run after a 3 s warm-up); the table's JIT column says whether the warm-up was enough.
     */
    private static int warmUpSeconds() {
        return Integer.parseInt(System.getenv().getOrDefault("WARMUP", "20"));
    }

    /**
     * The kinds to profile: environment variable {@code PROFILE}, operation names separated by commas (default
     * {@code submitLoan}; e.g. {@code PROFILE=getEnterprise,submitLoan}).
     */
    private static List<Kind> profiledKinds() {
        String names = System.getenv().getOrDefault("PROFILE", "submitLoan");
        List<Kind> kinds = new ArrayList<>();
        for (String name : names.split(",")) {
            kinds.add(KINDS.stream().filter(k -> k.name().equals(name.trim()) && k.signed()).findFirst().orElseThrow(
                    () -> new LoanBatchThroughput.BenchFailedException("PROFILE: no signed request kind " + name)));
        }
        return kinds;
    }

    /**
     * The kinds of the table: all, or those named in the environment variable {@code KINDS} (commas; for a quick
     * look at one path, e.g. {@code KINDS=hub-keys,getEnterprise}).
     */
    private static List<Kind> measuredKinds() {
        String names = System.getenv("KINDS");
        if (names == null || names.isBlank()) {
            return KINDS;
        }
        List<String> wanted = List.of(names.split(",")).stream().map(String::trim).toList();
        return KINDS.stream().filter(k -> wanted.contains(k.name())).toList();
    }

    private String profile(int connections) throws Exception {
        StringBuilder md = new StringBuilder();
        // the first recording in a running JVM instruments its I/O classes (hot code deoptimised): one throw-away
        // recording and a warm-up run first, so the profiled run sees the hub as it runs under a recording
        jcmd("JFR.start", "name=signed-load-warm-up");
        for (Kind kind : profiledKinds()) {
            Path jfr = work.resolve("profile-" + kind.name() + ".jfr");
            replay(kind, connections, 5, false);
            ThreadCpu.Times before = ThreadCpu.of(hubPid);
            Result during = replay(kind, connections, seconds, false, jfr);
            String threads = ThreadCpu.of(hubPid).since(before, during.requests());
            System.out.printf("profiled run (JFR on, not in the table): %s c=%d %.0f req/s%n", kind.name(),
                    connections, during.perSecond());
            md.append(JfrSummary.of(jfr, String.format("%s at %d connections, %d s, %.0f req/s with JFR on",
                    kind.name(), connections, seconds, during.perSecond()), during.requests())).append(threads);
        }
        jcmd("JFR.stop", "name=signed-load-warm-up");
        return md.toString();
    }

    private void jcmd(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("jcmd", String.valueOf(hubPid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new LoanBatchThroughput.BenchFailedException("jcmd " + String.join(" ", args) + ": " + out);
        }
    }

    // ---- report ----------------------------------------------------------------------------------------------------

    private String report(String database, int cores, CryptoCeiling.Rate ceiling, List<Result> results,
                          String profile)
            throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format("Signed load, %s, %s UTC, %d cores, load average at the end %s; %d s per run, %d wrk"
                        + " threads. Crypto+JSON ceiling of one signed request: %.0f/s (%.3f CPU ms), measured per CPU"
                        + " second of its threads at the start and again for 2 s before each signed run (the ratios"
                        + " use that one).%n%n", database, Instant.now().toString().substring(0, 16).replace('T', ' '),
                cores, loadAverage(), seconds, WRK_THREADS, ceiling.perSecond(), ceiling.cpuMillisPerRequest()));
        md.append("| request | conns | req/s | p50 ms | p99 ms | 4xx/5xx | socket errors | ratio to unsigned"
                + " | ratio to ceiling | hub CPU ms/req | of it JIT compiler | postgres CPU ms/req"
                + " | ceiling CPU / hub CPU"
                + " | fsync+fdatasync per 2xx (calls): hub | postgres | other processes' CPU, cores |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            double unsigned = results.stream().filter(u -> u.connections() == r.connections()
                    && u.kind().name().equals("hub-keys")).findFirst().map(Result::perSecond).orElse(Double.NaN);
            CryptoCeiling.Rate c = r.ceiling();
            md.append(String.format("| %s | %d | %.0f | %.2f | %.2f | %d | %d | %.3f | %s | %.3f | %.0f%% | %s | %s | %s | %s"
                            + " | %.2f |%n", r.kind().label(), r.connections(), r.perSecond(), r.p50Ms(), r.p99Ms(),
                    r.non2xx(), r.socketErrors(), r.perSecond() / unsigned,
                    c == null ? "" : String.format("%.3f (of %.0f/s)", r.perSecond() / c.perSecond(), c.perSecond()),
                    r.hubCpuMillis(), 100 * r.jitShare(), pgPid > 0 ? String.format("%.3f", r.postgresCpuMillis()) : "",
                    c == null ? "" : String.format("%.3f", c.cpuMillisPerRequest() / r.hubCpuMillis()),
                    perRequest(r.hubSyncs(), r), perRequest(r.pgSyncs(), r), r.cpu().othersCores()));
        }
        md.append('\n').append(profile);
        return md.toString();
    }

    private static String perRequest(long syncs, Result r) {
        if (syncs < 0) {
            return "";
        }
        long ok = r.requests() - r.non2xx();
        return String.format("%.2f (%d)", ok == 0 ? Double.NaN : syncs / (double) ok, syncs);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static MessageSigner signer(Path keys, String partner) {
        var key = PemKeys.readPrivateKey(keys.resolve(partner + "-private.pem"));
        return Signers.create(SignatureAlgorithm.SM2_SM3, key, partner + "-key-1");
    }
}
