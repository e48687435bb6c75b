package cn.smedt.security.signature;

/** Signing could not be done (unusable key, provider failure). Unchecked: it signals a configuration error. */
public final class SigningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
