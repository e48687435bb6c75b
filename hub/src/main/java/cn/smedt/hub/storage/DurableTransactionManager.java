package cn.smedt.hub.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The hub's one database transaction manager (Spring Boot's auto-configured {@code JdbcTransactionManager} backs off
 * for it): a commit returns only once it is on stable storage ({@link DurableCommits}: on H2 one chunk write and one
 * fsync for all the transactions that committed meanwhile; on PostgreSQL the commit itself). So whatever follows a
 * commit — a partner's 2xx, a JMS acknowledgement, the outbox's relay in {@code afterCommit}, a delivery — follows a
 * durable one, without each caller having to ask. A transaction that changed nothing does not wait. When the sync
 * fails the transaction is committed but {@link StorageSyncException} is thrown, so nothing acknowledges it (a
 * partner gets 503; a JMS consumer's message is redelivered, and the consumers are idempotent).
 *
 * <p>The one exception is a transaction labelled {@link DurableCommits#MAY_BE_LOST} (the stamp of an outbox attempt):
 * its commit returns without waiting, on PostgreSQL with {@code synchronous_commit} off for that transaction only.
 * The next awaited commit makes it durable too (H2's round writes everything committed before it; PostgreSQL's WAL
 * is flushed in order), so only a crash in between can lose it.
 */
@Component
class DurableTransactionManager extends JdbcTransactionManager {

    private final transient DurableCommits durable;
    /** The open transactions labelled {@link DurableCommits#MAY_BE_LOST} (transaction objects, by identity). */
    private final transient Set<Object> notAwaited = ConcurrentHashMap.newKeySet();

    DurableTransactionManager(DataSource dataSource, DurableCommits durable) {
        super(dataSource);
        this.durable = durable;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        if (definition instanceof TransactionAttribute attribute
                && attribute.getLabels().contains(DurableCommits.MAY_BE_LOST)) {
            notAwaited.add(transaction);
            try {
                durable.mayBeLost(((JdbcTransactionObjectSupport) transaction).getConnectionHolder().getConnection());
            } catch (SQLException | RuntimeException e) {
                // the begun transaction's connection is bound to this thread: unbind and release it, or every later
                // transaction of the thread would join it (a database outage left a consumer on a closed connection)
                doCleanupAfterCompletion(transaction);
                throw new CannotCreateTransactionException("could not begin the transaction", e);
            }
        }
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        notAwaited.remove(transaction);
        super.doCleanupAfterCompletion(transaction);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        if (notAwaited.contains(status.getTransaction())) {
            super.doCommit(status);
            return;
        }
        boolean sync;
        try {
            Connection connection = ((JdbcTransactionObjectSupport) status.getTransaction()).getConnectionHolder()
                    .getConnection();
            sync = !status.isReadOnly() && durable.needsSync(connection);
        } catch (SQLException e) {
            throw new TransactionSystemException("could not inspect the transaction before its commit", e);
        }
        super.doCommit(status);
        if (sync) {
            durable.awaitDurable();
        }
    }
}
