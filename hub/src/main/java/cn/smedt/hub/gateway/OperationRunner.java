package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.AcceptedWriteRecorder;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.api.contract.ContractOperation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a partner operation on its handler ({@link PartnerHandlers}). A write is ONE database transaction: the
 * handler's own {@code @Transactional} methods join it, and when the handler answers 2xx the
 * {@link AcceptedWriteRecorder}s (the audit entry) run in it after the handler and just before the commit. So an answered 2xx has its audit entry committed
 * with it, and a failing recorder rolls the write back (the partner gets a 5xx, the Idempotency-Key stays free).
 * What a handler defers to after the commit (queue messages, cluster topics) happens only once both are committed.
 * The answer of a write is returned only once its commit is on stable storage: the transaction manager's commit
 * returns only then ({@code storage.DurableTransactionManager}: on H2 one chunk write and one sync of the database
 * file for all the transactions that committed meanwhile).
 * A transient database failure (deadlock, lock or query timeout) is retried as a whole, twice at most, after 50 and
 * 100 ms: a write in a new transaction, since the failed one is rolled back.
 */
@Component
class OperationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);
    private static final List<Duration> RETRY_PAUSES = List.of(Duration.ofMillis(50), Duration.ofMillis(100));

    private final PartnerHandlers handlers;
    private final TransactionTemplate transactions;
    private final List<AcceptedWriteRecorder> recorders;

    OperationRunner(PartnerHandlers handlers, TransactionTemplate transactions,
                    List<AcceptedWriteRecorder> recorders) {
        this.handlers = handlers;
        this.transactions = transactions;
        this.recorders = recorders;
    }

    ApiReply run(ContractOperation operation, PartnerRequest call, HttpServletRequest request) {
        return run(operation, call, request, null);
    }

    /**
     * @param via the hub node that forwarded the call on behalf of the request's partner (recorded with the write),
     *            or null
     */
    ApiReply run(ContractOperation operation, PartnerRequest call, HttpServletRequest request, String via) {
        Supplier<ApiReply> handler = () -> handlers.handle(call);
        if (!operation.write()) {
            return retryingTransientFailures(operation, handler);
        }
        return retryingTransientFailures(operation, () -> transactions.execute(status -> {
            ApiReply reply = handler.get();
            if (reply.status() / 100 == 2) {
                for (AcceptedWriteRecorder recorder : recorders) {
                    recorder.record(call.partner().id(), via, operation.operationId(), request.getRequestURI(),
                            reply.status(), request.getHeader("Idempotency-Key"), call.raw());
                }
            }
            return reply;
        }));
    }

    private static ApiReply retryingTransientFailures(ContractOperation operation, Supplier<ApiReply> attempt) {
        for (int retry = 0; ; retry++) {
            try {
                return attempt.get();
            } catch (TransientDataAccessException failure) {
                if (retry == RETRY_PAUSES.size()) {
                    throw failure;
                }
                LOG.warn("{}: transient storage failure, retrying: {}", operation.operationId(), failure.getMessage());
                LockSupport.parkNanos(RETRY_PAUSES.get(retry).toNanos());
            }
        }
    }
}
