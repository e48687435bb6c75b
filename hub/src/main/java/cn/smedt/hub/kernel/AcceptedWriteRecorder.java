package cn.smedt.hub.kernel;

/**
 * Records a write the gateway is about to answer with 2xx (the audit log implements it). Called inside the write's
 * own database transaction, after its handler answered and just before the commit ({@link OperationRunner}): whatever
 * the recorder stores commits with the write, and a recorder that throws rolls the write back, so the partner gets a
 * 5xx and nothing of the write is stored. Recorders run in {@link org.springframework.core.annotation.Order} order;
 * the audit log runs last, so its single-row lock is held only for the commit.
 */
public interface AcceptedWriteRecorder {

    /**
     * @param partnerId      the calling partner
     * @param operationId    the contract operation
     * @param path           the request path
     * @param status         the 2xx status the handler answered
     * @param idempotencyKey the request's Idempotency-Key
     * @param body           the request body as received
     */
    void record(String partnerId, String operationId, String path, int status, String idempotencyKey, byte[] body);

    /**
     * {@link #record}, for a write that may have been forwarded by another hub node of the federation on behalf
     * of {@code partnerId}.
     *
     * @param via the hub node that forwarded the write here (its signature proved the hop), or null for a write the
     *            partner sent here itself
     */
    default void record(String partnerId, String via, String operationId, String path, int status,
                        String idempotencyKey, byte[] body) {
        record(partnerId, operationId, path, status, idempotencyKey, body);
    }
}
