package cn.smedt.hub.kernel;

import java.util.List;

/** A request is refused with an RFC 9457 problem; thrown anywhere from the gateway to the handlers. */
public class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final List<FieldError> errors;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    /** A refusal about one field. */
    public static ProblemException field(ProblemCode code, String pointer, String detail) {
        return new ProblemException(code, detail, List.of(new FieldError(code.code(), pointer, detail)));
    }

    public ProblemCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
