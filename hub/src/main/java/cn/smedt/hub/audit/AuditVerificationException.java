package cn.smedt.hub.audit;

/** The audit log could not be checked (bad arguments, unreadable key). */
public class AuditVerificationException extends RuntimeException {

    public AuditVerificationException(String message) {
        super(message);
    }
}
