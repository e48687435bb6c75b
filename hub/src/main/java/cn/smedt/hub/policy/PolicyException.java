package cn.smedt.hub.policy;

/** Base type of the errors this package raises; callers may catch it to handle any policy failure. */
public abstract class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected PolicyException(String message) {
        super(message);
    }

    protected PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
