package cn.smedt.hub.policy;

/** The policy has no rule of the kind asked for (e.g. an interest calculation against a policy without INTEREST). */
public class PolicyNotApplicableException extends PolicyException {

    private static final long serialVersionUID = 1L;

    public PolicyNotApplicableException(String message) {
        super(message);
    }
}
