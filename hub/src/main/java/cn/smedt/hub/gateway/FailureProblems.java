package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.storage.StorageFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a request whose handling failed with something other than a {@link ProblemException}, for the
 * gateway filter and the controller alike: an unavailable database is {@code 503 storage-unavailable} (Retry-After)
 * logged in one WARN line, so an outage does not flood the log; anything else is a defect, {@code 500
 * internal-error}, logged with its stack trace. Nothing was stored in either case (the write's transaction rolled
 * back).
 */
final class FailureProblems {

    private static final Logger LOG = LoggerFactory.getLogger(FailureProblems.class);

    private FailureProblems() {
    }

    static ProblemException of(RuntimeException failure, String method, String uri) {
        if (StorageFailures.unavailable(failure)) {
            LOG.warn("storage unavailable on {} {}: {}", method, uri, StorageFailures.summary(failure));
            return new ProblemException(ProblemCode.STORAGE_UNAVAILABLE, "storage unavailable; nothing was stored,"
                    + " retry with the same Idempotency-Key");
        }
        LOG.error("failure on {} {}", method, uri, failure);
        return new ProblemException(ProblemCode.INTERNAL_ERROR, "internal error; nothing was stored");
    }
}
