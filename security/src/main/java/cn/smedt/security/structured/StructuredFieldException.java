package cn.smedt.security.structured;

/** A header value does not follow RFC 8941 (Structured Field Values) syntax. */
public final class StructuredFieldException extends Exception {

    private static final long serialVersionUID = 1L;

    public StructuredFieldException(String message) {
        super(message);
    }
}
