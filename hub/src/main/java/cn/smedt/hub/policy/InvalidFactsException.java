package cn.smedt.hub.policy;

/** Facts handed to the engine that cannot describe a real case (negative amount, period ending before it starts). */
public class InvalidFactsException extends PolicyException {

    private static final long serialVersionUID = 1L;

    /** Name of the offending fact, e.g. {@code periodEnd}. */
    private final String fact;

    public InvalidFactsException(String fact, String problem) {
        super(fact + ": " + problem);
        this.fact = fact;
    }

    /** Name of the offending fact. */
    public String fact() {
        return fact;
    }
}
