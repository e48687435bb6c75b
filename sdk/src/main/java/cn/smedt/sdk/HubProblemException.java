package cn.smedt.sdk;

import java.util.List;

/**
 * The hub refused the call with an RFC 9457 problem ({@code application/problem+json}, e.g. 400
 * {@code validation-failed} with one {@link FieldError} per field, 401 {@code signature-invalid}, 409
 * {@code loan-conflict}); its signature was verified before. Thrown by the generated API methods instead of their
 * {@code ApiException} (unchecked). The codes: docs/errors.md.
 */
public final class HubProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** HTTP status of the answer. */
    private final int status;
    /** The problem's stable code ({@code code}, also the end of {@code type}), e.g. {@code validation-failed}. */
    private final String code;
    /** The problem's {@code title}. */
    private final String title;
    /** The problem's {@code detail}, or null. */
    private final String detail;
    /** The field errors ({@code errors}), empty when the problem is not about fields. */
    private final List<FieldError> errors;
    /** The answer's body as received. */
    private final String body;

    /**
     * A field the hub refused.
     *
     * @param code    stable code of the field error, e.g. {@code field-required}, {@code uscc-invalid}
     * @param pointer RFC 6901 JSON pointer of the field in the request body ({@code ""} for the whole body,
     *                {@code "#/path/x"} for a path parameter)
     * @param detail  human-readable detail
     */
    public record FieldError(String code, String pointer, String detail) {
    }

    public HubProblemException(int status, String code, String title, String detail, List<FieldError> errors,
                               String body) {
        super(status + " " + code + (detail == null ? "" : ": " + detail)
                + (errors.isEmpty() ? "" : " " + errors));
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The problem+json body as received. */
    public String body() {
        return body;
    }
}
