package cn.smedt.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit on an H2 file database with a long write delay: a transaction committed through the hub's transaction
 * manager is written to the file before its commit returns (while a plain autocommit write stays in memory, which
 * shows the delay is in effect); a transaction that changed nothing, or is read-only, does not wait for a sync; a
 * failed sync fails the commit with {@link StorageSyncException} although the transaction is committed; a transaction
 * labelled {@link DurableCommits#MAY_BE_LOST} does not wait, and the next awaited commit writes it with its own.
 */
class DurableTransactionManagerTest {

    @TempDir
    Path dir;

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private DurableCommits.H2Sync h2;
    private final AtomicInteger syncs = new AtomicInteger();
    private volatile boolean failSync;
    private DurableCommits durable;
    private TransactionTemplate transactions;

    @BeforeEach
    void openDatabase() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=600000");
        dataSource.setMaximumPoolSize(2);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table t (id int primary key)");
        h2 = DurableCommits.H2Sync.of(dataSource);
        durable = new DurableCommits(new DurableCommits.Sync() {
            @Override
            public void run() throws SQLException {
                syncs.incrementAndGet();
                if (failSync) {
                    throw new SQLException("disk gone");
                }
                h2.run();
            }

            @Override
            public boolean changes(Connection connection) throws SQLException {
                return h2.changes(connection);
            }
        });
        transactions = new TransactionTemplate(new DurableTransactionManager(dataSource, durable));
    }

    @AfterEach
    void close() throws Exception {
        durable.destroy();
        dataSource.close();
    }

    /** A transaction labelled as the outbox's attempt stamp is. */
    private static DefaultTransactionAttribute mayBeLost() {
        DefaultTransactionAttribute attribute = new DefaultTransactionAttribute();
        attribute.setLabels(List.of(DurableCommits.MAY_BE_LOST));
        return attribute;
    }

    private MVStore store() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore()
                    .getMvStore();
        }
    }

    @Test
    void aCommitReturnsOnlyOnceItIsWrittenToTheFile() throws Exception {
        jdbc.update("insert into t values (1)");
        assertThat(store().hasUnsavedChanges()).as("a plain commit stays in memory for the write delay").isTrue();

        transactions.executeWithoutResult(status -> jdbc.update("insert into t values (2)"));

        assertThat(store().hasUnsavedChanges()).as("written as one chunk with the earlier commit").isFalse();
        assertThat(syncs.get()).isEqualTo(1);
    }

    @Test
    void aTransactionThatChangedNothingDoesNotWait() {
        transactions.executeWithoutResult(status -> jdbc.queryForObject("select count(*) from t", Integer.class));
        TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
        readOnly.setReadOnly(true);
        readOnly.executeWithoutResult(status -> jdbc.queryForObject("select count(*) from t", Integer.class));

        assertThat(syncs.get()).isZero();
    }

    @Test
    void aFailedSyncFailsTheCommitThoughItIsCommitted() {
        failSync = true;

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> jdbc.update("insert into t values (3)")))
                .isInstanceOf(StorageSyncException.class).hasMessageContaining("disk gone");
        assertThat(jdbc.queryForObject("select count(*) from t where id = 3", Integer.class)).isEqualTo(1);
    }

    @Test
    void aTransactionThatMayBeLostDoesNotWaitAndTheNextAwaitedCommitWritesIt() throws Exception {
        PlatformTransactionManager manager = transactions.getTransactionManager();
        TransactionStatus status = manager.getTransaction(mayBeLost());
        jdbc.update("insert into t values (4)");
        manager.commit(status);

        assertThat(syncs.get()).as("no sync for the labelled commit").isZero();
        assertThat(store().hasUnsavedChanges()).as("committed, in memory only").isTrue();
        assertThat(jdbc.queryForObject("select count(*) from t where id = 4", Integer.class)).isEqualTo(1);

        transactions.executeWithoutResult(s -> jdbc.update("insert into t values (5)"));

        assertThat(syncs.get()).isEqualTo(1);
        assertThat(store().hasUnsavedChanges()).as("both written by the awaited commit's round").isFalse();
    }

    @Test
    void anUnlabelledTransactionAfterALabelledOneWaitsAgain() {
        PlatformTransactionManager manager = transactions.getTransactionManager();
        TransactionStatus status = manager.getTransaction(mayBeLost());
        jdbc.update("insert into t values (6)");
        manager.commit(status);

        TransactionStatus plain = manager.getTransaction(new DefaultTransactionAttribute());
        jdbc.update("insert into t values (7)");
        manager.commit(plain);

        assertThat(syncs.get()).as("the label is the transaction's, not the connection's or the thread's").isEqualTo(1);
    }

    @Test
    void aTransactionThatCannotBeginLeavesNoConnectionBoundToTheThread() throws Exception {
        // "PostgreSQL" on H2: its SET LOCAL synchronous_commit fails, as it does on a connection the server just cut
        DurableCommits postgres = new DurableCommits(null, true);
        try {
            DurableTransactionManager manager = new DurableTransactionManager(dataSource, postgres);
            assertThatThrownBy(() -> manager.getTransaction(mayBeLost()))
                    .isInstanceOf(CannotCreateTransactionException.class);

            assertThat(TransactionSynchronizationManager.getResource(dataSource)).isNull();
            new TransactionTemplate(manager).executeWithoutResult(s -> jdbc.update("insert into t values (8)"));
            assertThat(jdbc.queryForObject("select count(*) from t where id = 8", Integer.class)).isEqualTo(1);
        } finally {
            postgres.destroy();
        }
    }
}
