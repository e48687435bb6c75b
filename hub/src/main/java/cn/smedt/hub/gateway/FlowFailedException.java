package cn.smedt.hub.gateway;

/** A flow route failed with a checked exception. */
public class FlowFailedException extends RuntimeException {

    public FlowFailedException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
