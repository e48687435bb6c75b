package cn.smedt.hub.gateway;

/** A partner operation's handler failed with a checked exception (answered as an internal error). */
class HandlerFailedException extends RuntimeException {

    HandlerFailedException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
