package cn.smedt.hub.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 * Group commit: makes a committed transaction survive a power loss before anything follows it, with one write and one
 * sync of the database file serving every transaction that committed before it started.
 *
 * <p>On H2 with a write delay ({@code WRITE_DELAY=500} in the default URL) a commit changes the store in memory only:
 * its chunk is not written to the file by the committing thread. Every transaction manager commit of the hub
 * ({@link DurableTransactionManager}) then calls {@link #awaitDurable()} when the transaction changed anything; it
 * joins the pending round, and one thread ({@code storage-group-sync}) writes all committed changes as one chunk
 * ({@code MVStore.commit()}) and forces the file ({@code FileChannel.force(true)}: one fsync, {@link H2Sync}) for the
 * whole round, then releases all of the round's callers. Callers that arrive during a round join the next one, so
 * under load one chunk write and one fsync serve all the transactions that committed while the previous round ran.
 * With {@code WRITE_DELAY=0} each commit writes its own chunk (to the page cache) and the round only forces the file.
 * On PostgreSQL a commit returns only after its WAL is flushed ({@code synchronous_commit} on, the default): there
 * {@link #awaitDurable()} returns at once (the server lets one WAL flush serve concurrent commits by itself:
 * docs/operations.md).
 */
@Component
public class DurableCommits implements DisposableBean {

    /**
     * Label ({@code @Transactional(label = ...)}) of a transaction whose commit need not wait for stable storage,
     * because losing it in a crash is harmless: the stamp of an outbox attempt (a lost one means one attempt counted
     * fewer, or the sweep sending an idempotent message again). Never for anything a partner, a device or a JMS
     * acknowledgement relies on.
     */
    public static final String MAY_BE_LOST = "hub:commit-may-be-lost";

    private static final Logger LOG = LoggerFactory.getLogger(DurableCommits.class);

    /** Forces what is committed to stable storage. */
    interface Sync {
        void run() throws SQLException;

        /** Whether the transaction open on this connection has changed anything, so its commit needs a sync. */
        default boolean changes(Connection connection) throws SQLException {
            return true;
        }
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
    /** True on PostgreSQL, where a {@link #MAY_BE_LOST} transaction turns {@code synchronous_commit} off. */
    private final boolean postgres;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Thread syncer;
    private Round pending = new Round();
    private boolean stopping;

    /** Syncs the pool's database when it is H2; for any other a commit is durable by itself. */
    @Autowired
    public DurableCommits(DataSource dataSource) {
        this(H2Sync.of(dataSource), DatabaseKind.of(dataSource) == DatabaseKind.POSTGRESQL);
    }

    DurableCommits(Sync sync) {
        this(sync, false);
    }

    /** With {@code postgres} true, {@link #mayBeLost} turns PostgreSQL's {@code synchronous_commit} off. */
    DurableCommits(Sync sync, boolean postgres) {
        this.sync = sync;
        this.postgres = postgres;
        if (sync == null) {
            syncer = null;
        } else {
            syncer = new Thread(this::syncRounds, "storage-group-sync");
            syncer.setDaemon(true);
            syncer.start();
        }
    }

    /**
     * Whether committing the transaction open on this connection needs {@link #awaitDurable()} afterwards: false on a
     * database whose commit is durable by itself, and for a transaction that changed nothing.
     */
    boolean needsSync(Connection connection) throws SQLException {
        return sync != null && sync.changes(connection);
    }

    /**
     * Prepares the transaction just begun on this connection, labelled {@link #MAY_BE_LOST}, for a commit that does
     * not wait: on PostgreSQL {@code SET LOCAL synchronous_commit TO OFF} (this transaction only); on H2 nothing, the
     * transaction manager just does not call {@link #awaitDurable()}.
     */
    void mayBeLost(Connection connection) throws SQLException {
        if (postgres) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
    }

    /**
     * Returns once every transaction this thread committed before the call is on stable storage; throws
     * {@link StorageSyncException} when the sync failed (the write is committed but must not be acknowledged).
     */
    void awaitDurable() {
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
     * Writes what is committed to the file of the pool's H2 database and forces it to the device: with a write delay
     * {@code MVStore.commit()} (one chunk for every transaction committed since the last one; it returns at once when
     * H2's background writer stored them meanwhile) then {@code MVStore.sync()}, i.e. {@code FileChannel.force(true)};
     * with {@code WRITE_DELAY=0} every commit has written its chunk itself and only the force is left to do. Not
     * {@code CHECKPOINT SYNC}, which would need a pool connection (and so queue behind requests). The store is looked
     * up once through a pooled connection (and again if it was closed); an in-memory database has no file, and its
     * sync does nothing.
     */
    static final class H2Sync implements Sync {
        private final DataSource dataSource;
        private MVStore store;

        private H2Sync(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** The sync of the pool's database when it is an embedded H2 (not an H2 server's), null otherwise. */
        static H2Sync of(DataSource dataSource) {
            return DatabaseKind.of(dataSource) == DatabaseKind.EMBEDDED_H2 ? new H2Sync(dataSource) : null;
        }

        @Override
        public void run() throws SQLException {
            try {
                storeAndForce(store());
            } catch (MVStoreException closed) {
                store = null;  // the database was closed and opened again: look its store up once more
                storeAndForce(store());
            }
        }

        /** Only a transaction with changes (H2's own test, {@code SessionLocal.hasPendingTransaction()}). */
        @Override
        public boolean changes(Connection connection) throws SQLException {
            return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).hasPendingTransaction();
        }

        private static void storeAndForce(MVStore store) {
            if (store.getAutoCommitDelay() > 0) {
                store.commit();
            }
            store.sync();
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
