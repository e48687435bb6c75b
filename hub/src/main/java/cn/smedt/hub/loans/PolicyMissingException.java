package cn.smedt.hub.loans;

/** A stored loan's region no longer has an interest subsidy policy (a pack was removed after intake). */
class PolicyMissingException extends RuntimeException {

    PolicyMissingException(String message) {
        super(message);
    }
}
