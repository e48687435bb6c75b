package cn.smedt.hub.packs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.HubIT;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The incremental-sync watermark of a county source (table pack_source_watermark) only grows, also when the
 * nodes of a cluster raise it at once: writers released together with different watermarks leave the highest,
 * one row, no failure; a lower watermark raised later changes nothing. On H2 and PostgreSQL (the fixture).
 */
@HubIT
class SourceWatermarksIT {

    static final int WRITERS = 6;

    @Autowired
    SourceWatermarks watermarks;

    @Test
    void raisedAtOnceByManyWritersTheHighestStays() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < 10; round++) {
                String source = "http://127.0.0.1:9/open/v2/companies?round=" + round;
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<Future<?>> raised = new ArrayList<>();
                for (int i = 0; i < WRITERS; i++) {
                    String watermark = "2026-12-01T0%d:00:00".formatted(i);
                    raised.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        watermarks.raise(source, watermark);
                        return null;
                    }));
                }
                for (Future<?> future : raised) {
                    future.get(30, TimeUnit.SECONDS);
                }
                assertThat(watermarks.find(source)).contains("2026-12-01T0" + (WRITERS - 1) + ":00:00");
                watermarks.raise(source, "2026-11-30T23:00:00");
                assertThat(watermarks.find(source)).contains("2026-12-01T0" + (WRITERS - 1) + ":00:00");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
