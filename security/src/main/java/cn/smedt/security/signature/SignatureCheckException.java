package cn.smedt.security.signature;

/** A signature or content digest could not be checked or did not verify. */
public final class SignatureCheckException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Failure failure;

    public SignatureCheckException(Failure failure, String detail) {
        super(failure.code() + ": " + detail);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
