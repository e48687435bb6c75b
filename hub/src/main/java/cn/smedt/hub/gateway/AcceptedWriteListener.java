package cn.smedt.hub.gateway;

/**
 * Told about every write the gateway answered with 2xx (the audit log implements it). Called after the flow's own
 * transaction committed; a listener failure is logged and does not change the partner's answer.
 */
public interface AcceptedWriteListener {

    /**
     * @param partnerId      the calling partner
     * @param operationId    the contract operation
     * @param path           the request path
     * @param status         the 2xx status answered
     * @param idempotencyKey the request's Idempotency-Key
     * @param body           the request body as received
     */
    void accepted(String partnerId, String operationId, String path, int status, String idempotencyKey, byte[] body);
}
