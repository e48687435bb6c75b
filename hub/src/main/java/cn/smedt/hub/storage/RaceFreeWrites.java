package cn.smedt.hub.storage;

import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way the hub writes a row that two requests may create at the same moment (two platforms reporting the
 * first cloud adoption of an enterprise, a bank sending the same loan twice, two nodes storing a region summary):
 * portable to H2 and PostgreSQL under READ COMMITTED, without merge or on-conflict.
 * <p>
 * The insert runs inside a savepoint (a nested transaction; a new one when there is no transaction): PostgreSQL
 * aborts the whole transaction after a failed statement, so a lost race must be rolled back to the savepoint, not
 * just caught. A unique-key violation means another transaction inserted the row and committed (both databases make
 * the second inserter wait for the first one's outcome), so the row is now visible to the next statement.
 */
@Component
public class RaceFreeWrites {

    private final TransactionTemplate savepoint;

    RaceFreeWrites(PlatformTransactionManager transactions) {
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Runs {@code insert} (one or more statements that insert a new row and its children) unless a row with the same
     * unique key exists or is inserted concurrently; then nothing of it is kept and the caller reads the existing row.
     *
     * @return true when inserted, false when the row already existed
     */
    public boolean insertIfAbsent(Runnable insert) {
        try {
            savepoint.executeWithoutResult(status -> insert.run());
            return true;
        } catch (DuplicateKeyException existing) {
            return false;
        }
    }

    /**
     * Create-or-find, for a record whose key a partner chooses (a bank's loan id, an assessor's report number) and
     * which was not found a moment ago: inserts it, or, when a concurrent request inserted it first, finds that one.
     *
     * @param insert the insert of the new row
     * @param find   reads the row by the unique key the insert may have lost on
     * @param what   the row, for the error when it cannot be read back
     * @return empty when inserted; otherwise the row the concurrent request stored
     */
    public <T> Optional<T> insertOrFind(Runnable insert, Supplier<Optional<T>> find, String what) {
        if (insertIfAbsent(insert)) {
            return Optional.empty();
        }
        return Optional.of(find.get().orElseThrow(() -> new RowVanishedException(what
                + " was inserted concurrently but cannot be read")));
    }

    /**
     * Update-or-insert: runs {@code update}; when it changed no row, {@code insert}; when that insert loses to a
     * concurrent one, {@code update} again (the other row is committed by then). A conditional update (e.g. "unless
     * the stored report is newer") may change no row at all, which is then the answer.
     *
     * @param update the update, answering the rows it changed
     * @param insert the insert of the same row
     * @return true when a row was updated or inserted, false when the (conditional) update matched none
     */
    public boolean upsert(IntSupplier update, Runnable insert) {
        if (update.getAsInt() > 0) {
            return true;
        }
        return insertIfAbsent(insert) || update.getAsInt() > 0;
    }
}
