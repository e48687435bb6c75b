package cn.smedt.bench;

import cn.smedt.sdk.HubSdk;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import cn.smedt.simulators.partners.DemoEnterprises;
import cn.smedt.simulators.partners.HubClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batch throughput of loan records (issue 3), against a running hub started with profile demo
 * (bench/run-loan-batch does that). In one run it measures:
 * <ol>
 *   <li>baseline: the same kind of records sent one signed request each (a loan, then an interest period of it),
 *       from {@code --threads} clients;</li>
 *   <li>batch: one NDJSON upload of {@code --batch} records (loan and period lines), from upload until the job is
 *       DONE (every line checked, stored and answered in the result file).</li>
 * </ol>
 * and prints records/s of each and the ratio batch / baseline. Counts are bounded by the arguments.
 *
 * <p>Arguments: {@code hubUrl keyDir [enterprises=100] [singles=2000] [batch=20000] [threads=4] [out=file.json]}.
 */
public final class LoanBatchThroughput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate START = LocalDate.of(2024, 3, 1);

    private LoanBatchThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoanBatchThroughput hubUrl keyDir [enterprises] [singles] [batch] [threads]"
                    + " [out.json]");
            System.exit(2);
        }
        URI hub = URI.create(args[0]);
        Path keys = Path.of(args[1]);
        int enterpriseCount = intArg(args, 2, 100);
        int singles = intArg(args, 3, 2000);
        int batch = intArg(args, 4, 20000);
        int threads = intArg(args, 5, 4);
        Path out = args.length > 6 ? Path.of(args[6]) : null;

        HubClient government = client(hub, keys, "demo-gov-zz");
        HubClient bank = client(hub, keys, "demo-bank-zz");
        List<String> usccs = registerPilots(government, enterpriseCount, 99L);
        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();

        Result baseline = singleRequests(bank, usccs, run, singles, threads);
        Result batched = batchUpload(bank, usccs, run, batch);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("hub", hub.toString());
        report.put("enterprises", usccs.size());
        report.put("baseline", baseline.toMap());
        report.put("batch", batched.toMap());
        report.put("ratioBatchToBaseline", String.format("%.2f", batched.perSecond() / baseline.perSecond()));
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        System.out.println(text);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, text);
        }
    }

    /** Records per second of one way of submitting. */
    record Result(String how, int records, int accepted, double seconds) {
        double perSecond() {
            return records / seconds;
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("how", how);
            map.put("records", records);
            map.put("accepted", accepted);
            map.put("seconds", String.format("%.3f", seconds));
            map.put("recordsPerSecond", String.format("%.1f", perSecond()));
            return map;
        }
    }

    static HubClient client(URI hub, Path keys, String partner) throws Exception {
        return new HubClient(hub, signer(keys, partner));
    }

    /** The partner SDK of a demo partner (for the simulators); answers checked with the hub's /.well-known/hub-keys. */
    static HubSdk sdk(URI hub, Path keys, String partner) {
        return HubSdk.builder().baseUri(hub).signer(signer(keys, partner)).build();
    }

    private static MessageSigner signer(Path keys, String partner) {
        var privateKey = PemKeys.readPrivateKey(keys.resolve(partner + "-private.pem"));
        return Signers.create(SignatureAlgorithm.SM2_SM3, privateKey, partner + "-key-1");
    }

    static List<String> registerPilots(HubClient government, int count, long seed) throws Exception {
        List<String> usccs = new ArrayList<>();
        for (DemoEnterprises.Enterprise enterprise : DemoEnterprises.generate(count, seed)) {
            ObjectNode body = JSON.createObjectNode().put("uscc", enterprise.uscc()).put("name", enterprise.name())
                    .put("regionCode", enterprise.region()).put("industryCode", enterprise.industry())
                    .put("scale", "ABOVE_DESIGNATED_SIZE").put("pilot", true);
            HubClient.Answer answer = government.post("/api/v1/enterprises", body);
            if (!answer.ok()) {
                throw new BenchFailedException("registering " + enterprise.uscc() + ": " + answer.body());
            }
            usccs.add(enterprise.uscc());
        }
        return usccs;
    }

    static ObjectNode loan(String bankLoanId, String uscc) {
        return loan(bankLoanId, uscc, "1000000.00");
    }

    /** A two-year 数字贷 loan starting 2024-03-01 (1-year LPR 3.45%) with the given principal (yuan, 2 places). */
    static ObjectNode loan(String bankLoanId, String uscc, String principal) {
        return JSON.createObjectNode().put("bankLoanId", bankLoanId).put("uscc", uscc).put("product", "DIGITAL_LOAN")
                .put("principal", new BigDecimal(principal).toPlainString()).put("startDate", START.toString())
                .put("maturityDate", START.plusYears(2).toString()).put("contractRate", "3.9500");
    }

    static ObjectNode period() {
        return period("1000000.00", "3186.11");
    }

    /** The first month of such a loan (31 days), with what was outstanding and the interest paid. */
    static ObjectNode period(String outstanding, String interestPaid) {
        return JSON.createObjectNode().put("periodStart", START.toString())
                .put("periodEnd", START.plusMonths(1).toString()).put("outstandingPrincipal", outstanding)
                .put("interestPaid", interestPaid).put("paidOn", START.plusMonths(1).toString());
    }

    private static Result singleRequests(HubClient bank, List<String> usccs, String run, int records, int threads)
            throws Exception {
        int pairs = records / 2;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < pairs; i = next.getAndIncrement()) {
                    HubClient.Answer loan = bank.post("/api/v1/loans",
                            loan("S" + run + "-" + i, usccs.get(i % usccs.size())));
                    if (!loan.ok()) {
                        throw new BenchFailedException("single loan refused: " + loan.body());
                    }
                    accepted.incrementAndGet();
                    String loanId = loan.body().path("loanId").asText();
                    HubClient.Answer period = bank.post("/api/v1/loans/" + loanId + "/interest-periods", period());
                    if (!period.ok()) {
                        throw new BenchFailedException("single period refused: " + period.body());
                    }
                    accepted.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result("single signed requests, " + threads + " clients", pairs * 2, accepted.get(), seconds);
    }

    private static Result batchUpload(HubClient bank, List<String> usccs, String run, int records) throws Exception {
        StringBuilder ndjson = new StringBuilder();
        int pairs = records / 2;
        for (int i = 0; i < pairs; i++) {
            String bankLoanId = "B" + run + "-" + i;
            ndjson.append(loan(bankLoanId, usccs.get(i % usccs.size()))).append('\n');
            ndjson.append(period().put("recordType", "INTEREST_PERIOD").put("bankLoanId", bankLoanId)).append('\n');
        }
        long start = System.nanoTime();
        HubClient.Answer job = bank.postRaw("/api/v1/loan-batches", "application/x-ndjson", ndjson.toString());
        if (job.status() != 202) {
            throw new BenchFailedException("batch refused: " + job.body());
        }
        String jobId = job.body().path("jobId").asText();
        JsonNode state = job.body();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (!"DONE".equals(state.path("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException("batch " + jobId + " not done in 30 minutes: " + state);
            }
            TimeUnit.MILLISECONDS.sleep(100);
            state = bank.get("/api/v1/loan-batches/" + jobId).body();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (state.path("accepted").asInt() != pairs * 2) {
            JsonNode results = bank.get("/api/v1/loan-batches/" + jobId + "/results").body();
            String text = results.isTextual() ? results.asText() : results.toString();
            throw new BenchFailedException("batch " + jobId + " accepted " + state.path("accepted").asInt() + " of "
                    + pairs * 2 + "; first results:\n" + text.lines().limit(5).reduce("", (a, b) -> a + b + "\n"));
        }
        return new Result("one NDJSON batch upload (async job)", pairs * 2, state.path("accepted").asInt(), seconds);
    }

    static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    /** The hub refused what the benchmark needs; the figures would be meaningless. */
    static final class BenchFailedException extends RuntimeException {
        BenchFailedException(String message) {
            super(message);
        }
    }
}
