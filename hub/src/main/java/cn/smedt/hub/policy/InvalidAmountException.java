package cn.smedt.hub.policy;

/** An amount of money that is negative, has more than 2 decimal places where exactness is required, or is not a number. */
public class InvalidAmountException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidAmountException(String message) {
        super(message);
    }

    public InvalidAmountException(String message, Throwable cause) {
        super(message, cause);
    }
}
