package cn.smedt.security.signature;

/** Why a signature or digest check failed; {@link #code()} is the stable code used in problem responses. */
public enum Failure {
    SIGNATURE_MISSING("signature-missing"),
    SIGNATURE_MALFORMED("signature-malformed"),
    COMPONENT_MISSING("signature-component-missing"),
    ALGORITHM_UNSUPPORTED("signature-algorithm-unsupported"),
    ALGORITHM_MISMATCH("signature-algorithm-mismatch"),
    SIGNATURE_INVALID("signature-invalid"),
    DIGEST_MISSING("digest-missing"),
    DIGEST_MALFORMED("digest-malformed"),
    DIGEST_UNSUPPORTED("digest-unsupported"),
    DIGEST_MISMATCH("digest-mismatch"),
    KEY_MALFORMED("key-malformed");

    private final String code;

    Failure(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
