package cn.smedt.connectors.govauth.zhengding;

import cn.smedt.connectors.govauth.GovAuthException;

/** A request's 浙政钉 HMAC authentication was refused by {@link ZhengdingHmacVerifier}. */
public class ZhengdingSignatureException extends GovAuthException {

    private static final long serialVersionUID = 1L;

    /** Why a request was refused (safe to return to the caller: it reveals no secret). */
    public enum Reason {
        /** One of the five headers is absent or blank. */
        MISSING_HEADER,
        /** {@code X-Hmac-Auth-Version} is not {@code 1.0}. */
        UNSUPPORTED_VERSION,
        /** No secret is configured for the {@code apiKey}. */
        UNKNOWN_API_KEY,
        /** {@code X-Hmac-Auth-Timestamp} is not {@code yyyy-MM-dd'T'HH:mm:ss.SSS+hh:mm}. */
        MALFORMED_TIMESTAMP,
        /** The timestamp is further from the verifier's clock than the window allows (either direction). */
        TIMESTAMP_OUTSIDE_WINDOW,
        /** The query string cannot be decoded. */
        MALFORMED_QUERY,
        /** The signature does not match the method, path, query, timestamp and nonce received. */
        SIGNATURE_MISMATCH
    }

    private final Reason reason;

    public ZhengdingSignatureException(Reason reason) {
        super("浙政钉 HMAC authentication refused: " + reason);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
