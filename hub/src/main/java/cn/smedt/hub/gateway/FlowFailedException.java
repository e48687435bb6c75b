package cn.smedt.hub.gateway;

/** A partner operation's handler failed with a checked exception (answered as an internal error). */
public class FlowFailedException extends RuntimeException {

    public FlowFailedException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
