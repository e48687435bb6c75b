package cn.smedt.hub.progress;

/** A child node's stored summary cannot be read back (it was stored as JSON; the database changed under it). */
public class StoredSummaryException extends RuntimeException {

    public StoredSummaryException(String message, Throwable cause) {
        super(message, cause);
    }
}
