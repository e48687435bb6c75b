package cn.smedt.hub.batches;

/** A batch job cannot be processed at all (as opposed to single records being rejected). */
public class BatchFailedException extends RuntimeException {

    public BatchFailedException(String message) {
        super(message);
    }

    public BatchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
