package cn.smedt.hub.kernel;

/**
 * What a handler ({@link PartnerOperation}) answers to a partner operation.
 *
 * @param status      HTTP status (201 created, 200 unchanged/read, 202 accepted for async processing)
 * @param body        object serialised as JSON, or bytes sent as they are
 * @param contentType content type of byte bodies (JSON bodies are application/json)
 */
public record ApiReply(int status, Object body, String contentType) {

    public ApiReply(int status, Object body) {
        this(status, body, null);
    }

    public static ApiReply ok(Object body) {
        return new ApiReply(200, body);
    }

    public static ApiReply created(Object body) {
        return new ApiReply(201, body);
    }

    public static ApiReply accepted(Object body) {
        return new ApiReply(202, body);
    }

    /** Raw bytes, e.g. NDJSON results of a batch. */
    public static ApiReply bytes(byte[] body, String contentType) {
        return new ApiReply(200, body, contentType);
    }
}
