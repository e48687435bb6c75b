package cn.smedt.hub.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The hub's one database transaction manager (Spring Boot's auto-configured {@code JdbcTransactionManager} backs off
 * for it): a commit returns only once it is on stable storage ({@link DurableCommits}: on H2 one chunk write and one
 * fsync for all the transactions that committed meanwhile; on PostgreSQL the commit itself). So whatever follows a
 * commit — a partner's 2xx, a JMS acknowledgement, the outbox's relay in {@code afterCommit}, a delivery — follows a
 * durable one, without each caller having to ask. A transaction that changed nothing does not wait. When the sync
 * fails the transaction is committed but {@link StorageSyncException} is thrown, so nothing acknowledges it (a
 * partner gets 503; a JMS consumer's message is redelivered, and the consumers are idempotent).
 */
@Component
class DurableTransactionManager extends JdbcTransactionManager {

    private final transient DurableCommits durable;

    DurableTransactionManager(DataSource dataSource, DurableCommits durable) {
        super(dataSource);
        this.durable = durable;
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
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
