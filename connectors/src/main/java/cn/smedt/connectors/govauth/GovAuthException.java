package cn.smedt.connectors.govauth;

/** A government platform's authentication could not be produced or checked (bad configuration, token refused). */
public class GovAuthException extends RuntimeException {

    public GovAuthException(String message) {
        super(message);
    }

    public GovAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
