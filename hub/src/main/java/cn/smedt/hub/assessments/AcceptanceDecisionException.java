package cn.smedt.hub.assessments;

/**
 * A stored acceptance cannot be decided (its enterprise or its county's policy disappeared after intake). Thrown in
 * the queue consumer: the message is redelivered and finally parked on the dead-letter queue for an operator.
 */
class AcceptanceDecisionException extends RuntimeException {

    AcceptanceDecisionException(String message) {
        super(message);
    }
}
