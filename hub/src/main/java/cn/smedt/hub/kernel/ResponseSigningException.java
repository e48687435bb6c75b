package cn.smedt.hub.kernel;

/** The hub could not sign a response (a broken hub key); the response is not sent unsigned. */
public class ResponseSigningException extends RuntimeException {

    public ResponseSigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
