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
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crash test (issue 7): runs a signed load of loans and interest periods against a hub process, kills it with
 * SIGKILL in the middle, restarts it on the same data directory and proves that every request that got a 2xx
 * answer is stored, every acknowledged interest period gets exactly one subsidy decision, and each decision reaches
 * the government receiver (which deduplicates by Idempotency-Key = decision id, like a real platform should).
 *
 * <p>Arguments: {@code hubJar dataDir [loadSeconds=20] [threads=4]}. Exit code 0 when every check holds.
 */
public final class CrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, AtomicInteger> deliveriesByDecision = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> decisionsByRecord = new ConcurrentHashMap<>();
    private final Set<String> ackedLoans = ConcurrentHashMap.newKeySet();
    private final Set<String> ackedPeriods = ConcurrentHashMap.newKeySet();

    private CrashTest() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CrashTest hubJar dataDir [loadSeconds] [threads]");
            System.exit(2);
        }
        boolean ok = new CrashTest().run(Path.of(args[0]), Path.of(args[1]),
                args.length > 2 ? Integer.parseInt(args[2]) : 20, args.length > 3 ? Integer.parseInt(args[3]) : 4);
        System.exit(ok ? 0 : 1);
    }

    private boolean run(Path jar, Path data, int loadSeconds, int threads) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/gov/decisions", this::receive);
        receiver.start();
        int port = freePort();
        String hubUrl = "http://127.0.0.1:" + port;
        String government = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/gov/decisions";
        Files.createDirectories(data);

        Process hub = startHub(jar, data, port, government, "first");
        awaitHealthy(hubUrl, hub);
        HubClient gov = client(hubUrl, data, "demo-gov-zz");
        HubClient bank = client(hubUrl, data, "demo-bank-zz");
        List<String> pilots = registerPilots(gov);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger refusedOrLost = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> load(bank, pilots, sequence, running, refusedOrLost));
        }
        TimeUnit.SECONDS.sleep(loadSeconds);
        hub.destroyForcibly().waitFor();
        System.out.printf("killed the hub (SIGKILL) after %d s: %d loans and %d periods acknowledged%n", loadSeconds,
                ackedLoans.size(), ackedPeriods.size());
        running.set(false);
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);

        Process restarted = startHub(jar, data, port, government, "second");
        try {
            awaitHealthy(hubUrl, restarted);
            return verify(bank, refusedOrLost.get());
        } finally {
            restarted.destroy();
            restarted.waitFor(30, TimeUnit.SECONDS);
            receiver.stop(0);
        }
    }

    private void load(HubClient bank, List<String> pilots, AtomicInteger sequence, AtomicBoolean running,
                      AtomicInteger refusedOrLost) {
        while (running.get()) {
            int i = sequence.getAndIncrement();
            try {
                HubClient.Answer loan = bank.post("/api/v1/loans", LoanBatchThroughput.loan("C-" + i,
                        pilots.get(i % pilots.size())));
                if (!loan.ok()) {
                    refusedOrLost.incrementAndGet();
                    continue;
                }
                String loanId = loan.body().path("loanId").asText();
                ackedLoans.add(loanId);
                HubClient.Answer period = bank.post("/api/v1/loans/" + loanId + "/interest-periods",
                        LoanBatchThroughput.period());
                if (period.ok()) {
                    ackedPeriods.add(period.body().path("periodId").asText());
                } else {
                    refusedOrLost.incrementAndGet();
                }
            } catch (IOException e) {
                refusedOrLost.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean verify(HubClient bank, int refusedOrLost) throws Exception {
        int missingLoans = 0;
        for (String loanId : ackedLoans) {
            if (bank.get("/api/v1/loans/" + loanId).status() != 200) {
                missingLoans++;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!decisionsByRecord.keySet().containsAll(ackedPeriods) && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(2);
        }
        List<String> undeliveredIds = ackedPeriods.stream().filter(p -> !decisionsByRecord.containsKey(p)).toList();
        long undelivered = undeliveredIds.size();
        if (!undeliveredIds.isEmpty()) {
            System.out.println("periods without a delivered decision: " + undeliveredIds);
        }
        long decidedTwice = decisionsByRecord.values().stream().filter(d -> d.size() > 1).count();
        long redeliveries = deliveriesByDecision.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1)
                .count();
        System.out.printf("after restart: loans acknowledged %d, missing %d; periods acknowledged %d, without a"
                        + " delivered decision %d, with two decisions %d; decisions delivered more than once (deduplicated"
                        + " by the receiver) %d; requests refused or cut by the crash (no 2xx, not counted) %d%n",
                ackedLoans.size(), missingLoans, ackedPeriods.size(), undelivered, decidedTwice, redeliveries,
                refusedOrLost);
        boolean ok = missingLoans == 0 && undelivered == 0 && decidedTwice == 0 && !ackedPeriods.isEmpty();
        System.out.println(ok ? "CRASH TEST PASSED" : "CRASH TEST FAILED");
        return ok;
    }

    private void receive(HttpExchange exchange) throws IOException {
        JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String decisionId = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (deliveriesByDecision.computeIfAbsent(decisionId, d -> new AtomicInteger()).incrementAndGet() == 1) {
            decisionsByRecord.computeIfAbsent(event.path("recordId").asText(), r -> ConcurrentHashMap.newKeySet())
                    .add(decisionId);
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static Process startHub(Path jar, Path data, int port, String government, String run) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g", "-Djava.net.preferIPv4Stack=true",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-jar", jar.toString(), "--spring.profiles.active=demo", "--server.address=127.0.0.1",
                "--server.port=" + port, "--hub.node.data-dir=" + data, "--hub.demo.traffic=false",
                "--hub.demo.rate-limit-per-second=1000000", "--hub.messaging.mqtt-url=", "--hub.messaging.core-url=",
                "--hub.cluster.port=0", "--hub.cluster.cluster-name=crash-" + port,
                "--hub.delivery.government-url=" + government, "--hub.loans.sweep-interval=PT5S",
                "--hub.delivery.sweep-interval=PT5S"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("hub-" + run + ".log").toFile()).start();
    }

    private static void awaitHealthy(String hubUrl, Process hub) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!hub.isAlive()) {
                throw new LoanBatchThroughput.BenchFailedException("the hub exited with " + hub.exitValue());
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create(hubUrl + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new LoanBatchThroughput.BenchFailedException("the hub did not become healthy in 3 minutes");
    }

    private static HubClient client(String hubUrl, Path data, String partner) throws Exception {
        var key = PemKeys.readPrivateKey(data.resolve("demo-keys").resolve(partner + "-private.pem"));
        return new HubClient(URI.create(hubUrl), Signers.create(SignatureAlgorithm.SM2_SM3, key, partner + "-key-1"));
    }

    private static List<String> registerPilots(HubClient gov) throws Exception {
        List<String> usccs = new ArrayList<>();
        for (DemoEnterprises.Enterprise e : DemoEnterprises.generate(20, 4242L)) {
            ObjectNode body = JSON.createObjectNode().put("uscc", e.uscc()).put("name", e.name())
                    .put("regionCode", e.region()).put("industryCode", e.industry())
                    .put("scale", "ABOVE_DESIGNATED_SIZE").put("pilot", true);
            if (gov.post("/api/v1/enterprises", body).ok()) {
                usccs.add(e.uscc());
            }
        }
        return usccs;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
