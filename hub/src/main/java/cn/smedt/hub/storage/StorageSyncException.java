package cn.smedt.hub.storage;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The database file could not be forced to stable storage after a commit ({@link DurableCommits}): the write is
 * committed but not known to survive a power loss, so it is not acknowledged; answered {@code 503
 * storage-unavailable} like any other database that cannot be used right now.
 */
public class StorageSyncException extends DataAccessResourceFailureException {

    public StorageSyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
