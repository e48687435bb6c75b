package cn.smedt.hub.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Group sync: makes a committed write survive a power loss before it is acknowledged, with one sync of the database
 * file serving every write that committed before it started.
 *
 * <p>On H2 a commit ({@code WRITE_DELAY=0}) writes its chunk to the file, which reaches only the operating system's
 * page cache: H2 forces the file to the device only when asked ({@code CHECKPOINT SYNC}, {@code MVStore.sync()}).
 * A caller that has committed calls {@link #awaitDurable()}; it joins the pending round, and one thread
 * ({@code storage-group-sync}) forces the database file ({@code FileChannel.force(true)}: one fsync, {@link H2Sync})
 * for the whole round, without a pool connection (so it never queues behind requests), then releases all of the
 * round's callers. Callers that
 * arrive during a sync join the next round, so under load one fsync serves all the writes that committed while the
 * previous one ran. On PostgreSQL a commit returns only after its WAL is flushed ({@code synchronous_commit}
 * on, the default): there {@link #awaitDurable()} returns at once (whether the server lets one WAL flush serve
 * several commits is its own setting: docs/operations.md).
 */
@Component
public class DurableCommits implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(DurableCommits.class);

    /** Forces what is committed to stable storage. */
    @FunctionalInterface
    interface Sync {
        void run() throws SQLException;
    }

    /** The callers of one sync: released together when it has run. */
    private static final class Round {
        private final CountDownLatch done = new CountDownLatch(1);
        private int callers;
        private volatile Throwable failure;

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw new StorageSyncException("the database file could not be synced: "
                        + StorageFailures.summary(failure), failure);
            }
        }

        void finish(Throwable outcome) {
            failure = outcome;
            done.countDown();
        }
    }

    /** How to sync, or null when a commit is durable by itself (PostgreSQL). */
    private final Sync sync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Thread syncer;
    private Round pending = new Round();
    private boolean stopping;

    /** Syncs the pool's database when it is H2; for any other a commit is durable by itself. */
    @Autowired
    public DurableCommits(DataSource dataSource) {
        this(H2Sync.of(dataSource));
    }

    DurableCommits(Sync sync) {
        this.sync = sync;
        if (sync == null) {
            syncer = null;
        } else {
            syncer = new Thread(this::syncRounds, "storage-group-sync");
            syncer.setDaemon(true);
            syncer.start();
        }
    }

    /**
     * Returns once every transaction this thread committed before the call is on stable storage; throws
     * {@link StorageSyncException} when the sync failed (the write is committed but must not be acknowledged).
     */
    public void awaitDurable() {
        if (sync == null) {
            return;
        }
        Round round;
        lock.lock();
        try {
            if (stopping) {
                throw new StorageSyncException("the database is being closed", null);
            }
            round = pending;
            if (round.callers++ == 0) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
        round.await();
    }

    /** How many callers wait for the sync that has not started yet. */
    int pendingCallers() {
        lock.lock();
        try {
            return pending.callers;
        } finally {
            lock.unlock();
        }
    }

    private void syncRounds() {
        while (true) {
            Round round;
            lock.lock();
            try {
                while (pending.callers == 0 && !stopping) {
                    work.awaitUninterruptibly();
                }
                round = pending;
                pending = new Round();
                if (stopping) {
                    round.finish(new StorageSyncException("the database is being closed", null));
                    return;
                }
            } finally {
                lock.unlock();
            }
            Throwable failure = null;
            try {
                sync.run();
            } catch (SQLException | RuntimeException e) {
                LOG.error("syncing the database file failed: the writes waiting for it are answered 503", e);
                failure = e;
            }
            round.finish(failure);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        if (syncer == null) {
            return;
        }
        lock.lock();
        try {
            stopping = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        syncer.join(10_000);
    }

    /**
     * Forces the file of the pool's H2 database to the device: {@code MVStore.sync()}, i.e.
     * {@code FileChannel.force(true)}, nothing else. Not {@code CHECKPOINT SYNC}, which first stores the changes of
     * the transactions still open as one more chunk, work a commit has not asked for: with {@code WRITE_DELAY=0} every
     * commit has written its chunk to the file before it returned, so forcing the file is all that is left to do. The
     * store is looked up once through a pooled connection (and again if it was closed); an in-memory database has no
     * file, and its sync does nothing.
     */
    static final class H2Sync implements Sync {
        private final DataSource dataSource;
        private MVStore store;

        private H2Sync(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** The sync of the pool's database when it is an embedded H2 (not an H2 server's), null otherwise. */
        static H2Sync of(DataSource dataSource) {
            try {
                if (!dataSource.isWrapperFor(HikariDataSource.class)) {
                    return null;
                }
                String url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
                boolean embedded = url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:")
                        && !url.startsWith("jdbc:h2:ssl:");
                return embedded ? new H2Sync(dataSource) : null;
            } catch (SQLException e) {
                return null;
            }
        }

        @Override
        public void run() throws SQLException {
            try {
                store().sync();
            } catch (MVStoreException closed) {
                store = null;  // the database was closed and opened again: look its store up once more
                store().sync();
            }
        }

        private MVStore store() throws SQLException {
            if (store == null || store.isClosed()) {
                try (Connection connection = dataSource.getConnection()) {
                    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
                    store = session.getDatabase().getStore().getMvStore();
                }
            }
            return store;
        }
    }
}
