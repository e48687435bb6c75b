package cn.smedt.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Group sync: a caller returns only after a sync that started after it joined; callers that join while a sync runs
 * share the next one; a failed sync fails exactly its own callers.
 */
class DurableCommitsTest {

    @Test
    void everyCallerReturnsOnlyAfterASyncThatCoversItsCommit() throws Exception {
        AtomicLong committed = new AtomicLong();
        AtomicLong durableUpTo = new AtomicLong();
        AtomicInteger syncs = new AtomicInteger();
        DurableCommits commits = new DurableCommits(() -> {
            long covered = committed.get();
            syncs.incrementAndGet();
            durableUpTo.accumulateAndGet(covered, Math::max);
        });
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                answers.add(callers.submit(() -> {
                    long mine = committed.incrementAndGet();
                    commits.awaitDurable();
                    return durableUpTo.get() >= mine;
                }));
            }
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            callers.shutdown();
            commits.destroy();
        }
        assertThat(syncs.get()).isBetween(1, 2_000);
    }

    @Test
    void callersArrivingDuringASyncShareTheNextOne() throws Exception {
        CountDownLatch firstSyncRunning = new CountDownLatch(1);
        CountDownLatch releaseFirstSync = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        DurableCommits commits = new DurableCommits(() -> {
            if (syncs.incrementAndGet() == 1) {
                firstSyncRunning.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> releaseFirstSync.getCount() == 0);
            }
        });
        ExecutorService callers = Executors.newFixedThreadPool(11);
        try {
            Future<?> first = callers.submit(commits::awaitDurable);
            assertThat(firstSyncRunning.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            List<Future<?>> later = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                later.add(callers.submit(commits::awaitDurable));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> commits.pendingCallers() == 10);
            releaseFirstSync.countDown();
            first.get();
            for (Future<?> caller : later) {
                caller.get();
            }
        } finally {
            callers.shutdown();
            commits.destroy();
        }
        assertThat(syncs.get()).isEqualTo(2);
    }

    @Test
    void aFailedSyncFailsItsCallersAndTheNextSyncServesTheNextOnes() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        DurableCommits commits = new DurableCommits(() -> {
            if (syncs.incrementAndGet() == 1) {
                throw new SQLException("disk gone", "58030");
            }
        });
        try {
            assertThatThrownBy(commits::awaitDurable).isInstanceOf(StorageSyncException.class)
                    .hasMessageContaining("disk gone");
            assertThat(StorageFailures.unavailable(new StorageSyncException("x", null))).isTrue();
            commits.awaitDurable();
        } finally {
            commits.destroy();
        }
        assertThat(syncs.get()).isEqualTo(2);
    }

    @Test
    void aDatabaseOtherThanH2NeedsNoSync() throws Exception {
        DurableCommits commits = new DurableCommits(new SimpleDriverDataSource());
        commits.awaitDurable();
        commits.destroy();
    }
}
