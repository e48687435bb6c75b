package cn.smedt.connectors.govauth;

/**
 * A government platform's authentication could not be produced or checked: missing or blank credentials, a token
 * endpoint that refused or could not be reached, a request that cannot be signed. Messages name the platform, the
 * app key or the endpoint, never a secret.
 */
public class GovAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GovAuthException(String message) {
        super(message);
    }

    public GovAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
