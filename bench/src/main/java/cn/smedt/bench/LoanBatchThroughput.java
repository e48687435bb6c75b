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
 *   <li>batch: {@code --batch} records (loan and period lines) as NDJSON uploads of at most {@code --per-upload}
 *       records each (the gateway takes at most 64 MB per upload), all sent at once: the time until every job is
 *       DONE (every line checked, stored and answered in the result file: "accepted"), then the time until the
 *       hub has decided one per period of the batch ("decided"), with progress samples of the jobs (lines
 *       processed) and of the decisions about once a second.</li>
 * </ol>
 * and prints records/s of each and the ratio batch / baseline. Counts are bounded by the arguments.
 *
 * <p>The decisions are counted by the hub's {@code hub.subsidy.decisions} ({@link HubMeters}, on the operator
 * URL of system property {@code bench.hub.operator}), and once they are all made the bank's listing (listLoanDecisions)
 * must count them too. The listing's total counts rows: at 500,000 decisions one count costs the hub ~0.2-0.9 s of
 * CPU, which polled once a second would take up to half of the 2 cores the decisions are measured on.
 *
 * <p>Arguments: {@code hubUrl keyDir [enterprises=100] [singles=2000] [batch=20000] [threads=4] [out=file.json]
 * [per-upload=200000] [decide-timeout-s=1800]} (from the first upload; when it is up, the decisions made so far are
 * reported, marked NOT all).
 */
public final class LoanBatchThroughput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate START = LocalDate.of(2024, 3, 1);
    /** Decisions listed before the batch (the singles' periods). */
    private static int decisionsBefore;
    /** The hub's interest decisions counted before the batch. */
    private static long countedBefore;
    /** When the first upload of the batch was sent (System.nanoTime). */
    private static long batchStart;
    /** The hub's CPU time then ({@link HubCpu}). */
    private static long batchCpu;

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
        int perUpload = intArg(args, 7, 200_000);
        int decideTimeout = intArg(args, 8, 1800);

        HubClient government = client(hub, keys, "demo-gov-zz");
        HubClient bank = client(hub, keys, "demo-bank-zz");
        List<String> usccs = registerPilots(government, enterpriseCount, 99L);
        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();

        Result baseline = singleRequests(bank, usccs, run, singles, threads);
        // the decisions of the singles' periods first, so that what is counted after is the batch's
        awaitDecisions(bank, singles / 2);
        List<Map<String, Object>> progress = new ArrayList<>();
        Result batched = batchUpload(bank, usccs, run, batch, perUpload, progress);
        System.out.println("baseline: " + baseline.toMap() + "\nbatch: " + batched.toMap());
        Result decided = decisions(bank, batch / 2, batched, progress, decideTimeout);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("hub", hub.toString());
        report.put("enterprises", usccs.size());
        report.put("baseline", baseline.toMap());
        report.put("batch", batched.toMap());
        report.put("decisions", decided.toMap());
        report.put("decidedSecondsAfterAccepted", String.format("%.3f", decided.seconds() - batched.seconds()));
        report.put("progress", progress);
        report.put("ratioBatchToBaseline", String.format("%.2f", batched.perSecond() / baseline.perSecond()));
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        System.out.println(text);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, text);
        }
    }

    /** Records per second of one way of submitting. */
    record Result(String how, int records, int accepted, double seconds, String hubCpuMillisPerRecord) {
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
            map.put("hubCpuMillisPerRecord", hubCpuMillisPerRecord);
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
        long cpu = HubCpu.nanos();
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
        return new Result("single signed requests, " + threads + " clients", pairs * 2, accepted.get(), seconds,
                HubCpu.millisPerItem(cpu, HubCpu.nanos(), pairs * 2L));
    }

    /** Decisions the bank can list, today and the days around it (days in Asia/Shanghai). */
    private static int decisionsListed(HubClient bank) throws Exception {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        HubClient.Answer page = bank.get("/api/v1/loan-decisions?from=" + today.minusDays(1) + "&to="
                + today.plusDays(1) + "&limit=1");
        if (!page.ok()) {
            throw new BenchFailedException("listing decisions: " + page.body());
        }
        return page.body().path("total").asInt();
    }

    /** The interest decisions the hub has made (its counter {@code hub.subsidy.decisions}, kind INTEREST). */
    private static long decisionsCounted() throws Exception {
        return (long) HubMeters.value("hub.subsidy.decisions", "kind", "INTEREST");
    }

    private static void awaitDecisions(HubClient bank, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (decisionsListed(bank) < count) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException("the " + count + " single periods were not decided in 10 minutes");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static Result batchUpload(HubClient bank, List<String> usccs, String run, int records, int perUpload,
                                      List<Map<String, Object>> progress) throws Exception {
        int pairs = records / 2;
        decisionsBefore = decisionsListed(bank);
        countedBefore = decisionsCounted();
        List<String> uploads = new ArrayList<>();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            String bankLoanId = "B" + run + "-" + i;
            ndjson.append(loan(bankLoanId, usccs.get(i % usccs.size()))).append('\n');
            ndjson.append(period().put("recordType", "INTEREST_PERIOD").put("bankLoanId", bankLoanId)).append('\n');
            if ((i + 1) * 2 % perUpload == 0 || i == pairs - 1) {
                uploads.add(ndjson.toString());
                ndjson.setLength(0);
            }
        }
        long start = System.nanoTime();
        batchStart = start;
        batchCpu = HubCpu.nanos();
        List<String> jobIds = new ArrayList<>();
        for (String upload : uploads) {
            HubClient.Answer job = bank.postRaw("/api/v1/loan-batches", "application/x-ndjson", upload);
            if (job.status() != 202) {
                throw new BenchFailedException("batch refused: " + job.body());
            }
            jobIds.add(job.body().path("jobId").asText());
        }
        uploads.clear();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        long nextSample = 0;
        while (true) {
            int processed = 0;
            int accepted = 0;
            boolean done = true;
            for (String jobId : jobIds) {
                JsonNode state = bank.get("/api/v1/loan-batches/" + jobId).body();
                processed += state.path("processed").asInt();
                accepted += state.path("accepted").asInt();
                done &= "DONE".equals(state.path("status").asText());
            }
            long now = System.nanoTime();
            if (done || now >= nextSample) {
                progress.add(sample(now - start, processed, accepted, -1));
                nextSample = now + TimeUnit.SECONDS.toNanos(1);
            }
            if (done) {
                if (accepted != pairs * 2) {
                    throw new BenchFailedException("batch accepted " + accepted + " of " + pairs * 2);
                }
                return new Result("NDJSON batch uploads (" + jobIds.size() + " async jobs)", pairs * 2, accepted,
                        (now - start) / 1e9, HubCpu.millisPerItem(batchCpu, HubCpu.nanos(), pairs * 2L));
            }
            if (now > deadline) {
                throw new BenchFailedException("batch not done in 30 minutes: " + processed + " lines processed");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** From the first upload until every period of the batch has its decision. */
    private static Result decisions(HubClient bank, int periods, Result batched, List<Map<String, Object>> progress,
                                    int timeoutSeconds) throws Exception {
        long deadline = batchStart + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            int decided = (int) (decisionsCounted() - countedBefore);
            long now = System.nanoTime();
            progress.add(sample(now - batchStart, batched.records(), batched.accepted(), decided));
            if (decided >= periods) {
                int listed = decisionsListed(bank) - decisionsBefore;
                if (listed != decided) {
                    throw new BenchFailedException("the hub counted " + decided + " decisions of the batch, the bank"
                            + " lists " + listed);
                }
                // CPU per period decided: intake and decisions of the whole batch, over the periods
                return new Result("decisions of the batch's periods, from the first upload", periods, decided,
                        (now - batchStart) / 1e9, HubCpu.millisPerItem(batchCpu, HubCpu.nanos(), periods));
            }
            if (now > deadline) {
                // reported as such: the decisions made when the time was up
                return new Result("decisions of the batch's periods, from the first upload (NOT all: time up)",
                        periods, decided, (now - batchStart) / 1e9,
                        HubCpu.millisPerItem(batchCpu, HubCpu.nanos(), Math.max(decided, 1)));
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }

    private static Map<String, Object> sample(long nanos, int processed, int accepted, int decided) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("seconds", String.format("%.1f", nanos / 1e9));
        sample.put("processed", processed);
        sample.put("accepted", accepted);
        if (decided >= 0) {
            sample.put("decided", decided);
        }
        return sample;
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
