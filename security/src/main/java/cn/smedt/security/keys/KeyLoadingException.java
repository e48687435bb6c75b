package cn.smedt.security.keys;

/** A key could not be read, parsed or generated. The message names the file or source. */
public final class KeyLoadingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyLoadingException(String message) {
        super(message);
    }

    public KeyLoadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
