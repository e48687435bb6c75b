package cn.smedt.sdk;

import cn.smedt.security.signature.Failure;

/**
 * The hub's answer did not pass its signature check (RFC 9421 signature by a hub key, RFC 9530 Content-Digest of the
 * body, bound to the request's signature): the answer must not be trusted. Thrown by the generated API methods
 * (unchecked, so it is not wrapped into their {@code ApiException}).
 */
public final class UnverifiedAnswerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The stable code of the check that failed, e.g. {@code digest-mismatch} or {@code signature-invalid}. */
    private final String code;
    /** The HTTP status of the rejected answer. */
    private final int status;

    public UnverifiedAnswerException(Failure failure, int status, String detail, Throwable cause) {
        super("the hub's answer (" + status + ") failed its signature check: " + detail, cause);
        this.code = failure.code();
        this.status = status;
    }

    /** The stable code of the check that failed ({@link Failure#code()}), e.g. {@code digest-mismatch}. */
    public String code() {
        return code;
    }

    /** The HTTP status of the rejected answer. */
    public int status() {
        return status;
    }
}
