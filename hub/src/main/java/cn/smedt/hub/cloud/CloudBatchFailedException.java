package cn.smedt.hub.cloud;

/** A queued cloud-adoption batch job cannot be processed (its partner or its file is gone). */
class CloudBatchFailedException extends RuntimeException {

    CloudBatchFailedException(String message) {
        super(message);
    }

    CloudBatchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
