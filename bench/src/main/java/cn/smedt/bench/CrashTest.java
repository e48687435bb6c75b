package cn.smedt.bench;

import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import cn.smedt.simulators.partners.DemoEnterprises;
import cn.smedt.simulators.partners.HubClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Crash and failover test (issues 7 and 16): runs a signed load of loans and interest periods against hub processes
 * and kills one with SIGKILL in the middle, then proves that every request that got a 2xx answer is stored once,
 * every acknowledged interest period gets exactly one subsidy decision, each decision reaches the government receiver
 * (which deduplicates by Idempotency-Key = decision id, like a real platform should), and the per-enterprise cap holds
 * exactly (loans are large enough that the enterprises' caps run out during the load).
 *
 * <ul>
 *   <li>{@code restart}: one hub; after the kill it is restarted on the same data (and database);</li>
 *   <li>{@code failover}: two hubs on one database and one Hazelcast cluster, the load spread over both; one is killed
 *       at half the load time and the load goes on against the survivor, which must decide the dead node's
 *       acknowledged but undecided periods within {@value #TAKEOVER_LIMIT_SECONDS} s of the kill.</li>
 * </ul>
 *
 * <p>Arguments: {@code restart|failover loadSeconds threads dataDir database -- hub command...}: the command that
 * starts a hub (bench/lib/hub.sh {@code hub_command}); each node gets its own HTTP and Hazelcast ports, data directory
 * and the test's receiver appended. Exit code 0 when every check holds.
 */
public final class CrashTest {

    /** Zhengzhou's 数字贷 interest subsidy cap per enterprise (routes/henan/zhengzhou/policy.yaml). */
    static final BigDecimal INTEREST_CAP = new BigDecimal("500000.00");
    static final int TAKEOVER_LIMIT_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PILOTS = 20;
    // 10,000,000 x LPR 3.45% x 31 / 360 = 29,708.33 eligible per period: an enterprise's cap runs out after 17 periods
    private static final String PRINCIPAL = "10000000.00";
    private static final String INTEREST_PAID = "34013.89";

    private final Map<String, AtomicInteger> deliveriesByDecision = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> decisionsByRecord = new ConcurrentHashMap<>();
    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();
    private final Map<String, String> ackedLoans = new ConcurrentHashMap<>();      // loan id -> node
    private final Map<String, String> ackedPeriods = new ConcurrentHashMap<>();    // period id -> node
    private final Map<String, String> periodOfLoan = new ConcurrentHashMap<>();
    private final AtomicInteger refusedOrCut = new AtomicInteger();

    /** A decision as the receiver got it the first time. */
    private record Decision(String decisionId, String recordId, String uscc, BigDecimal eligible, BigDecimal granted,
                            BigDecimal capRemaining, Instant decidedAt, Instant received) {
    }

    private CrashTest() {
    }

    public static void main(String[] args) throws Exception {
        int split = Arrays.asList(args).indexOf("--");
        if (split != 5 || args.length < 7 || !Set.of("restart", "failover").contains(args[0])) {
            System.err.println("usage: CrashTest restart|failover loadSeconds threads dataDir database -- hub command");
            System.exit(2);
        }
        List<String> hubCommand = List.of(args).subList(split + 1, args.length);
        CrashTest test = new CrashTest();
        boolean ok = "restart".equals(args[0])
                ? test.restart(hubCommand, Path.of(args[3]), args[4], Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]))
                : test.failover(hubCommand, Path.of(args[3]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        System.exit(ok ? 0 : 1);
    }

    private boolean restart(List<String> hubCommand, Path data, String database, int loadSeconds, int threads)
            throws Exception {
        HttpServer receiver = startReceiver();
        try {
            HubNode hub = new HubNode("a", hubCommand, data.resolve("a"), governmentUrl(receiver), List.of());
            hub.start("first");
            hub.awaitHealthy();
            List<String> pilots = registerPilots(hub.client("demo-gov-zz"));
            Load load = new Load(List.of(new Target(hub, hub.client("demo-bank-zz"))), pilots, threads);
            TimeUnit.SECONDS.sleep(loadSeconds);
            Instant killed = hub.kill();
            load.stop();
            System.out.printf("killed the hub (SIGKILL) after %d s: %d loans and %d periods acknowledged%n",
                    loadSeconds, ackedLoans.size(), ackedPeriods.size());
            hub.start("second");
            try {
                hub.awaitHealthy();
                Instant healthy = Instant.now();
                System.out.printf("restarted on the same data (%s): healthy %.1f s after the kill%n", database,
                        seconds(killed, healthy));
                Verdict verdict = verify(hub.client("demo-bank-zz"));
                boolean audited = auditChained(hub.client("demo-operator"), pilots.size());
                long decidedAfterRestart = decisions.values().stream()
                        .filter(d -> ackedPeriods.containsKey(d.recordId()) && d.decidedAt().isAfter(healthy))
                        .count();
                System.out.printf("recovery: periods decided after the restart %d; last decision %.1f s and last"
                                + " first delivery %.1f s after the kill%n", decidedAfterRestart,
                        seconds(killed, lastDecided(ackedPeriods.keySet())), seconds(killed, lastReceived()));
                System.out.println(verdict.ok() && audited ? "CRASH TEST PASSED" : "CRASH TEST FAILED");
                return verdict.ok() && audited;
            } finally {
                hub.stop();
            }
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * The audit log after the restart (verifyAuditLog, which chains what is pending first): it verifies, nothing is
     * left pending (entries a crash left unchained are chained after the restart), and it has at least one entry per
     * acknowledged write (the pilots' registrations, loans and periods; writes cut by the kill may have entries too).
     */
    private boolean auditChained(HubClient operator, int registrations) throws Exception {
        HubClient.Answer answer = operator.get("/api/v1/audit/verification");
        long acknowledged = registrations + ackedLoans.size() + ackedPeriods.size();
        long entries = answer.body().path("entries").asLong();
        boolean ok = answer.status() == 200 && answer.body().path("ok").asBoolean()
                && answer.body().path("pending").asLong() == 0 && entries >= acknowledged;
        System.out.printf("audit log after the restart: %s; %d entries for %d acknowledged writes, %d pending%n",
                answer.body().path("detail").asText(), entries, acknowledged, answer.body().path("pending").asLong());
        return ok;
    }

    private boolean failover(List<String> hubCommand, Path data, int loadSeconds, int threads) throws Exception {
        HttpServer receiver = startReceiver();
        int clusterA = freePort();
        int clusterB = freePort();
        List<String> members = List.of("127.0.0.1:" + clusterA, "127.0.0.1:" + clusterB);
        HubNode a = new HubNode("a", hubCommand, data.resolve("a"), governmentUrl(receiver), members, clusterA);
        HubNode b = new HubNode("b", hubCommand, data.resolve("b"), governmentUrl(receiver), members, clusterB);
        try {
            a.start("first");
            a.awaitHealthy();
            // one hub: node b signs with the same hub key and knows the same demo partners' keys
            a.shareKeysWith(b);
            b.start("first");
            b.awaitHealthy();
            b.awaitLogLine("Members {size:2", Duration.ofSeconds(60));
            System.out.println("two nodes in one Hazelcast cluster on one PostgreSQL database: " + a.url() + ", "
                    + b.url());
            List<String> pilots = registerPilots(a.client("demo-gov-zz"));
            Load load = new Load(List.of(new Target(a, a.client("demo-bank-zz")),
                    new Target(b, b.client("demo-bank-zz"))), pilots, threads);
            TimeUnit.SECONDS.sleep(loadSeconds / 2);
            Instant killed = a.kill();
            Set<String> ofA = Set.copyOf(ackedPeriodsOf(a));
            System.out.printf("killed node a (SIGKILL) after %d s: %d periods acknowledged by a, %d by b; the load goes"
                    + " on against b%n", loadSeconds / 2, ofA.size(), ackedPeriods.size() - ofA.size());
            TimeUnit.SECONDS.sleep(loadSeconds - loadSeconds / 2);
            load.stop();
            System.out.printf("load stopped: %d loans and %d periods acknowledged in all%n", ackedLoans.size(),
                    ackedPeriods.size());
            Verdict verdict = verify(b.client("demo-bank-zz"));
            Set<String> undecidedAtKill = ofA.stream().filter(p -> decisionOf(p) == null
                    || decisionOf(p).decidedAt().isAfter(killed)).collect(Collectors.toSet());
            Instant lastOfA = lastDecided(undecidedAtKill);
            double takeover = undecidedAtKill.isEmpty() ? 0 : seconds(killed, lastOfA);
            boolean inTime = !undecidedAtKill.isEmpty() && takeover <= TAKEOVER_LIMIT_SECONDS;
            System.out.printf("failover: periods acknowledged by node a %d, of which undecided at the kill and decided"
                            + " by node b %d; last of them decided %.1f s after the kill (limit %d s); last first"
                            + " delivery %.1f s after the kill%n", ofA.size(), undecidedAtKill.size(), takeover,
                    TAKEOVER_LIMIT_SECONDS, seconds(killed, lastReceived()));
            if (undecidedAtKill.isEmpty()) {
                System.out.println("node a had decided all its periods when it died: nothing was taken over, run"
                        + " again with more load (threads)");
            }
            System.out.printf("node b's sweep took over %d periods whose node left the cluster (its log)%n",
                    b.periodsTakenOver());
            boolean ok = verdict.ok() && inTime;
            System.out.println(ok ? "FAILOVER TEST PASSED" : "FAILOVER TEST FAILED");
            return ok;
        } finally {
            b.stop();
            a.stop();
            receiver.stop(0);
        }
    }

    // ---- load ------------------------------------------------------------------------------------------------------

    /** A node and the bank's client of it. */
    private record Target(HubNode node, HubClient bank) {
    }

    /** Threads that each send a loan and then an interest period of it to one live node after the other. */
    private final class Load {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sequence = new AtomicInteger();
        private final ExecutorService pool;

        Load(List<Target> targets, List<String> pilots, int threads) {
            pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> run(targets, pilots));
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }

        private void run(List<Target> targets, List<String> pilots) {
            while (running.get()) {
                int i = sequence.getAndIncrement();
                List<Target> live = targets.stream().filter(target -> target.node().up()).toList();
                if (live.isEmpty()) {
                    return;
                }
                Target target = live.get(i % live.size());
                try {
                    HubClient.Answer loan = target.bank().post("/api/v1/loans", LoanBatchThroughput.loan("C-" + i,
                            pilots.get(i % pilots.size()), PRINCIPAL));
                    if (!loan.ok()) {
                        refusedOrCut.incrementAndGet();
                        continue;
                    }
                    String loanId = loan.body().path("loanId").asText();
                    ackedLoans.put(loanId, target.node().name());
                    HubClient.Answer period = target.bank().post("/api/v1/loans/" + loanId + "/interest-periods",
                            LoanBatchThroughput.period(PRINCIPAL, INTEREST_PAID));
                    if (period.ok()) {
                        String periodId = period.body().path("periodId").asText();
                        ackedPeriods.put(periodId, target.node().name());
                        periodOfLoan.put(loanId, periodId);
                    } else {
                        refusedOrCut.incrementAndGet();
                    }
                } catch (IOException e) {
                    refusedOrCut.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private List<String> ackedPeriodsOf(HubNode node) {
        return ackedPeriods.entrySet().stream().filter(e -> e.getValue().equals(node.name())).map(Map.Entry::getKey)
                .toList();
    }

    // ---- checks ----------------------------------------------------------------------------------------------------

    private record Verdict(boolean ok) {
    }

    /** Every acknowledged record stored once, each acknowledged period decided once and delivered, caps exact. */
    private Verdict verify(HubClient bank) throws Exception {
        int missingLoans = 0;
        int periodsNotStoredOnce = 0;
        for (String loanId : ackedLoans.keySet()) {
            HubClient.Answer answer = bank.get("/api/v1/loans/" + loanId);
            if (answer.status() != 200) {
                missingLoans++;
                continue;
            }
            List<String> stored = new ArrayList<>();
            answer.body().path("periods").forEach(p -> stored.add(p.path("periodId").asText()));
            String acked = periodOfLoan.get(loanId);
            if (acked != null && !stored.equals(List.of(acked)) || stored.size() > 1) {
                periodsNotStoredOnce++;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!decisionsByRecord.keySet().containsAll(ackedPeriods.keySet()) && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(1);
        }
        List<String> undeliveredIds = ackedPeriods.keySet().stream().filter(p -> !decisionsByRecord.containsKey(p))
                .toList();
        if (!undeliveredIds.isEmpty()) {
            System.out.println("periods without a delivered decision: " + undeliveredIds);
        }
        long decidedTwice = decisionsByRecord.values().stream().filter(d -> d.size() > 1).count();
        long redeliveries = deliveriesByDecision.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1)
                .count();
        Caps caps = caps();
        System.out.printf("loans acknowledged %d, missing %d; periods acknowledged %d, not stored exactly once %d,"
                        + " without a delivered decision %d, with two decisions %d; decisions delivered more than once"
                        + " (deduplicated by the receiver) %d; requests refused or cut by the kill (no 2xx, not"
                        + " counted) %d%n", ackedLoans.size(), missingLoans, ackedPeriods.size(), periodsNotStoredOnce,
                undeliveredIds.size(), decidedTwice, redeliveries, refusedOrCut.get());
        System.out.printf("caps (%s per enterprise): %d enterprises, %d with the cap reached; granted in all %s; caps"
                        + " exceeded %d, ledger and decisions disagreeing %d%n", INTEREST_CAP.toPlainString(),
                caps.enterprises(), caps.reached(), caps.granted().toPlainString(), caps.exceeded(),
                caps.inconsistent());
        return new Verdict(missingLoans == 0 && periodsNotStoredOnce == 0 && undeliveredIds.isEmpty()
                && decidedTwice == 0 && caps.exceeded() == 0 && caps.inconsistent() == 0 && !ackedPeriods.isEmpty());
    }

    private record Caps(int enterprises, int reached, BigDecimal granted, int exceeded, int inconsistent) {
    }

    /**
     * Per enterprise: the decisions' grants add up to at most the cap, and to exactly the cap minus the smallest
     * remainder the ledger reported (no grant lost or counted twice); an enterprise refused anything by the cap has
     * used it to the cent.
     */
    private Caps caps() {
        Map<String, List<Decision>> byEnterprise = new TreeMap<>();
        decisions.values().forEach(d -> byEnterprise.computeIfAbsent(d.uscc(), u -> new ArrayList<>()).add(d));
        int reached = 0;
        int exceeded = 0;
        int inconsistent = 0;
        BigDecimal all = BigDecimal.ZERO;
        for (List<Decision> ofOne : byEnterprise.values()) {
            BigDecimal granted = ofOne.stream().map(Decision::granted).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal remaining = ofOne.stream().map(Decision::capRemaining).min(BigDecimal::compareTo)
                    .orElse(INTEREST_CAP);
            boolean capped = ofOne.stream().anyMatch(d -> d.granted().compareTo(d.eligible()) < 0);
            all = all.add(granted);
            if (granted.compareTo(INTEREST_CAP) > 0) {
                exceeded++;
            }
            if (granted.add(remaining).compareTo(INTEREST_CAP) != 0 || capped && remaining.signum() != 0) {
                inconsistent++;
            }
            if (remaining.signum() == 0) {
                reached++;
            }
        }
        return new Caps(byEnterprise.size(), reached, all, exceeded, inconsistent);
    }

    private Decision decisionOf(String periodId) {
        Set<String> ids = decisionsByRecord.get(periodId);
        return ids == null || ids.isEmpty() ? null : decisions.get(ids.iterator().next());
    }

    private Instant lastDecided(Set<String> periods) {
        return periods.stream().map(this::decisionOf).filter(Objects::nonNull).map(Decision::decidedAt)
                .max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private Instant lastReceived() {
        return decisions.values().stream().map(Decision::received).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    // ---- the government receiver -----------------------------------------------------------------------------------

    private HttpServer startReceiver() throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/gov/decisions", this::receive);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.start();
        return receiver;
    }

    private static String governmentUrl(HttpServer receiver) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/gov/decisions";
    }

    /** Deduplicates by Idempotency-Key (the decision id), as a platform should. */
    private void receive(HttpExchange exchange) throws IOException {
        JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String decisionId = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (deliveriesByDecision.computeIfAbsent(decisionId, d -> new AtomicInteger()).incrementAndGet() == 1) {
            Decision decision = new Decision(decisionId, event.path("recordId").asText(), event.path("uscc").asText(),
                    new BigDecimal(event.path("eligible").asText()), new BigDecimal(event.path("granted").asText()),
                    event.hasNonNull("capRemaining") ? new BigDecimal(event.path("capRemaining").asText())
                            : INTEREST_CAP,
                    Instant.parse(event.path("decidedAt").asText()), Instant.now());
            decisions.put(decisionId, decision);
            decisionsByRecord.computeIfAbsent(decision.recordId(), r -> ConcurrentHashMap.newKeySet()).add(decisionId);
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    // ---- hub processes ---------------------------------------------------------------------------------------------

    /** One hub node: its own HTTP port, Hazelcast port and data directory; started, killed and restarted as a process. */
    private static final class HubNode {

        private final String name;
        private final Path data;
        private final int httpPort;
        private final List<String> command;
        private volatile Process process;
        private volatile boolean up;
        private Path log;

        HubNode(String name, List<String> hubCommand, Path data, String governmentUrl, List<String> members)
                throws IOException {
            this(name, hubCommand, data, governmentUrl, members, freePort());
        }

        HubNode(String name, List<String> hubCommand, Path data, String governmentUrl, List<String> members,
                int clusterPort) throws IOException {
            this.name = name;
            this.data = data;
            this.httpPort = freePort();
            Map<String, String> own = new TreeMap<>(Map.of(
                    "server.port", String.valueOf(httpPort),
                    "hub.node.name", "crash-" + name,
                    "hub.node.data-dir", data.toString(),
                    "hub.cluster.port", String.valueOf(clusterPort),
                    "hub.cluster.cluster-name", "crash-" + data.getParent().getFileName(),
                    "hub.delivery.government-url", governmentUrl,
                    // one outbox sweep (hub.messaging.sweep-interval, PT5S by default) takes over a dead node's
                    // periods and deliveries
                    "hub.messaging.sweep-interval", "PT5S",
                    // membership changes in the log (awaitLogLine)
                    "logging.level.com.hazelcast.internal.cluster", "INFO"));
            if (!members.isEmpty()) {
                own.put("hub.cluster.members", String.join(",", members));
            }
            List<String> all = new ArrayList<>(hubCommand);
            own.forEach((key, value) -> {
                if (hubCommand.stream().anyMatch(arg -> arg.startsWith("--" + key + "="))) {
                    throw new LoanBatchThroughput.BenchFailedException("the hub command (HUB_EXTRA_ARGS?) sets --"
                            + key + ", which the crash test sets for each node");
                }
                all.add("--" + key + "=" + value);
            });
            this.command = List.copyOf(all);
            Files.createDirectories(data);
        }

        String name() {
            return name;
        }

        boolean up() {
            return up;
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + httpPort);
        }

        void start(String run) throws IOException {
            log = data.resolve("hub-" + run + ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        void awaitHealthy() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new LoanBatchThroughput.BenchFailedException("hub " + name + " exited with "
                            + process.exitValue() + "; see " + log);
                }
                try {
                    HttpResponse<Void> health = http.send(HttpRequest.newBuilder(url().resolve("/actuator/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (health.statusCode() == 200) {
                        up = true;
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
            throw new LoanBatchThroughput.BenchFailedException("hub " + name + " not healthy in 3 minutes; see " + log);
        }

        void awaitLogLine(String text, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                if (System.nanoTime() > deadline) {
                    throw new LoanBatchThroughput.BenchFailedException("hub " + name + " never logged '" + text
                            + "' in " + timeout + "; see " + log);
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }

        /** Interest periods this node's outbox sweep queued again (its "re-queueing N ..." log lines). */
        int periodsTakenOver() throws IOException {
            Matcher m = Pattern.compile("re-queueing (\\d+) outbox messages of jms:queue:loans.interest-periods")
                    .matcher(Files.readString(log, StandardCharsets.UTF_8));
            int taken = 0;
            while (m.find()) {
                taken += Integer.parseInt(m.group(1));
            }
            return taken;
        }

        /** SIGKILL: no shutdown hook, no flush; returns the moment the process was gone. */
        Instant kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
            up = false;
            return Instant.now();
        }

        void stop() throws InterruptedException {
            Process p = process;
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
            up = false;
        }

        /** A demo partner's client of this node, with the key the demo profile generated in its data directory. */
        HubClient client(String partner) throws Exception {
            var key = PemKeys.readPrivateKey(data.resolve("demo-keys").resolve(partner + "-private.pem"));
            return new HubClient(url(), Signers.create(SignatureAlgorithm.SM2_SM3, key, partner + "-key-1"));
        }

        /** Copies this node's hub key and demo partner keys to {@code other}, which is not started yet. */
        void shareKeysWith(HubNode other) throws IOException {
            for (String folder : List.of("keys", "demo-keys")) {
                Path from = data.resolve(folder);
                if (!Files.isDirectory(from)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path file : files.toList()) {
                        Path to = other.data.resolve(folder).resolve(from.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        }
    }

    private static List<String> registerPilots(HubClient gov) throws Exception {
        List<String> usccs = new ArrayList<>();
        for (DemoEnterprises.Enterprise e : DemoEnterprises.generate(PILOTS, 4242L)) {
            ObjectNode body = JSON.createObjectNode().put("uscc", e.uscc()).put("name", e.name())
                    .put("regionCode", e.region()).put("industryCode", e.industry())
                    .put("scale", "ABOVE_DESIGNATED_SIZE").put("pilot", true);
            if (gov.post("/api/v1/enterprises", body).ok()) {
                usccs.add(e.uscc());
            }
        }
        if (usccs.isEmpty()) {
            throw new LoanBatchThroughput.BenchFailedException("no pilot enterprise could be registered");
        }
        return usccs;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
