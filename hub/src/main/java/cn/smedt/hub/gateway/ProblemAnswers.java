package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.Problems;
import cn.smedt.hub.storage.StorageFailures;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the gateway answers a refusal or a failure, for the gateway filter and the partner API controller alike (the
 * document itself is rendered by {@link Problems}, also for {@link ProblemErrorReportValve}). A
 * {@link ProblemException} is the answer as it is. Anything else: an unavailable database is {@code 503
 * storage-unavailable} (Retry-After) logged in one WARN line, so an outage does not flood the log; anything else is
 * a defect, {@code 500 internal-error}, logged with its stack trace. Nothing was stored in either case (the write's
 * transaction rolled back).
 */
final class ProblemAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAnswers.class);

    private ProblemAnswers() {
    }

    /** The problem that answers {@code failure} of the request {@code method uri}. */
    static ProblemException of(RuntimeException failure, String method, String uri) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (StorageFailures.unavailable(failure)) {
            LOG.warn("storage unavailable on {} {}: {}", method, uri, StorageFailures.summary(failure));
            return new ProblemException(ProblemCode.STORAGE_UNAVAILABLE, "storage unavailable; nothing was stored,"
                    + " retry with the same Idempotency-Key");
        }
        LOG.error("failure on {} {}", method, uri, failure);
        return new ProblemException(ProblemCode.INTERNAL_ERROR, "internal error; nothing was stored");
    }

    /** Writes the problem as the (whole) answer: its status, Retry-After when the code has one, problem+json. */
    static void write(HttpServletResponse response, ProblemException problem, String instance) throws IOException {
        response.resetBuffer();
        response.setStatus(problem.code().status());
        response.setContentType(Problems.MEDIA_TYPE);
        if (problem.code().retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", String.valueOf(problem.code().retryAfterSeconds()));
        }
        response.getOutputStream().write(Problems.render(problem, instance));
    }
}
