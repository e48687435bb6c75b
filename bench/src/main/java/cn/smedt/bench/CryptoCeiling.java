package cn.smedt.bench;

import cn.smedt.security.client.SignedHttpClient;
import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.ComponentId;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.MessageVerifier;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.SignatureParameters;
import cn.smedt.security.signature.Signers;
import cn.smedt.security.signature.Verifiers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ceiling of a signed request (issue 12): the crypto and JSON work the hub must do for one signed write, done in
 * a loop without HTTP, database or cluster: check the request's Content-Digest (SM3), parse its signature, verify it
 * (SM2), parse the JSON body, then digest (SM3) and sign (SM2) an answer bound to the request's signature, as
 * {@code gateway.ResponseSigner} does. Measured with as many threads as cores after a warm-up, per CPU second of
 * the measuring threads (see {@link Rate}); keys are generated here for the run (test keys, never stored).
 */
final class CryptoCeiling {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageSigner partner;
    private final MessageVerifier partnerKey;
    private final MessageSigner hub;
    private final HttpMessage request;
    private final byte[] body;
    private final byte[] answer;

    CryptoCeiling() throws SignatureCheckException {
        KeyPair partnerPair = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
        KeyPair hubPair = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
        partner = Signers.create(SignatureAlgorithm.SM2_SM3, partnerPair.getPrivate(), "bench-partner-key-1");
        partnerKey = Verifiers.create(SignatureAlgorithm.SM2_SM3, partnerPair.getPublic());
        hub = Signers.create(SignatureAlgorithm.SM2_SM3, hubPair.getPrivate(), "bench-hub-key-1");
        body = LoanBatchThroughput.loan("CEILING-1", "91410181MA0000000X").toString().getBytes();
        answer = "{\"loanId\":\"LN0123456789abcdef01234567\",\"status\":\"RECEIVED\"}".getBytes();
        request = SignedHttpClient.signedRequest(partner, DigestAlgorithm.SM3, "POST",
                URI.create("http://127.0.0.1:8080/api/v1/loans"), "application/json", body,
                Map.of("Idempotency-Key", "bench-ceiling"), Instant.now().getEpochSecond(),
                SignedHttpClient.newNonce());
    }

    /** One request's work; returns the answer's signature so nothing is optimised away. */
    String once() throws Exception {
        ContentDigest.verify(request.header("content-digest"), body);
        HttpMessageSignatures.ParsedSignature sig = HttpMessageSignatures.parse(request.header("signature-input"),
                request.header("signature"), SignedHttpClient.LABEL);
        HttpMessageSignatures.verify(sig, request, null, partnerKey);
        JsonNode parsed = JSON.readTree(body);
        if (parsed.path("principal").isMissingNode()) {
            throw new LoanBatchThroughput.BenchFailedException("the ceiling's body has no principal");
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("content-digest", List.of(ContentDigest.header(DigestAlgorithm.SM3, answer)));
        headers.put("content-type", List.of("application/json"));
        SignatureParameters params = SignatureParameters.builder()
                .components(List.of(ComponentId.of("@status"), ComponentId.of("content-digest"),
                        ComponentId.of("content-type"), ComponentId.signatureOfRequest(SignedHttpClient.LABEL)))
                .created(Instant.now().getEpochSecond()).keyId(hub.keyId()).alg(hub.algorithm().token()).build();
        return HttpMessageSignatures.sign(HttpMessage.response(201, headers), request, "sig1", params, hub)
                .signature();
    }

    /**
     * A measurement: requests done, wall seconds, and CPU seconds the measuring threads got.
     *
     * @param cores the machine's cores, for {@link #perSecond()}
     */
    record Rate(long requests, double seconds, double cpuSeconds, int cores) {

        /** Requests per second with every core doing only this: requests per CPU second times the cores. */
        double perSecond() {
            return requests / cpuSeconds * cores;
        }

        /** Requests per second of wall time (lower when other processes take CPU). */
        double wallPerSecond() {
            return requests / seconds;
        }

        /** CPU milliseconds of one request's crypto and JSON. */
        double cpuMillisPerRequest() {
            return cpuSeconds * 1000 / requests;
        }
    }

    /**
     * Measures with {@code threads} threads, {@code warmupSeconds} discarded, then {@code seconds}. Counted per CPU
     * second of the measuring threads, so that other processes on a shared machine lower the wall rate but not the
     * ceiling.
     */
    Rate measure(int threads, int warmupSeconds, int seconds) throws Exception {
        run(threads, warmupSeconds);
        return run(threads, seconds);
    }

    private Rate run(int threads, int seconds) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> counts = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    long cpuStart = cpu.getCurrentThreadCpuTime();
                    long n = 0;
                    while (running.get()) {
                        if (once().isEmpty()) {
                            throw new LoanBatchThroughput.BenchFailedException("empty signature");
                        }
                        n++;
                    }
                    return new long[] {n, cpu.getCurrentThreadCpuTime() - cpuStart};
                }));
            }
            Thread.sleep(seconds * 1000L);
            running.set(false);
            long total = 0;
            long cpuNanos = 0;
            for (Future<long[]> count : counts) {
                total += count.get()[0];
                cpuNanos += count.get()[1];
            }
            return new Rate(total, (System.nanoTime() - start) / 1e9, cpuNanos / 1e9,
                    Runtime.getRuntime().availableProcessors());
        } finally {
            pool.shutdownNow();
        }
    }
}
