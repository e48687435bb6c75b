package cn.smedt.hub.ledger;

/** A ledger operation was asked something impossible, or its store failed. */
public class LedgerException extends RuntimeException {

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
