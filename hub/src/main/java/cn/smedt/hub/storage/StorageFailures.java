package cn.smedt.hub.storage;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that is unavailable for now (down, restarting, unreachable, out of connections, a deadlock or
 * serialization failure to retry) from a defect: the first is answered {@code 503 storage-unavailable} with
 * Retry-After and a retry with the same Idempotency-Key can succeed; anything else is not the partner's to retry.
 * Looks through the whole cause chain, so a failure wrapped by Camel, Hazelcast's map store or a transaction
 * manager is still recognised.
 */
public final class StorageFailures {

    private StorageFailures() {
    }

    /** True when {@code failure} (or one of its causes) says the database cannot be used right now. */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
                    || t instanceof CannotCreateTransactionException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof TransactionSystemException) {
                return true;  // commit or rollback failed: the connection went away under it
            }
            if (t instanceof SQLException sql && transientState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** One line for the log: the innermost message, without a stack trace. */
    public static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * SQLSTATE classes of a failure that a later retry can get past: 08 connection exception, 53 insufficient
     * resources, 57 operator intervention (admin shutdown, cannot connect now), 40001 serialization failure, 40P01
     * deadlock, HYT00 timeout (H2 lock timeout).
     */
    static boolean transientState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.equals("40001")
                || state.equals("40P01") || state.equals("HYT00");
    }
}
