package cn.smedt.security.signature;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.security.keys.PemKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConcurrentSigningTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 100;

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void oneSignerAndVerifierSharedByManyThreads(SignatureAlgorithm alg) throws Exception {
        KeyPair kp = PemKeys.generate(alg);
        MessageSigner signer = Signers.create(alg, kp.getPrivate(), "k");
        MessageVerifier verifier = Verifiers.create(alg, kp.getPublic());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < PER_THREAD; i++) {
                        byte[] data = ("thread " + thread + " message " + i).getBytes(StandardCharsets.US_ASCII);
                        byte[] sig = signer.sign(data);
                        if (verifier.verify(data, sig) && !verifier.verify(("x" + i).getBytes(StandardCharsets.US_ASCII), sig)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(THREADS * PER_THREAD);
        } finally {
            pool.shutdownNow();
        }
    }
}
