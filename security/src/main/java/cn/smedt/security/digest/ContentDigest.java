package cn.smedt.security.digest;

import cn.smedt.security.signature.Failure;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.structured.StructuredFieldException;
import cn.smedt.security.structured.StructuredFields;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** RFC 9530 {@code Content-Digest} field: a dictionary of algorithm key to byte sequence. */
public final class ContentDigest {

    /** Header name. */
    public static final String HEADER = "Content-Digest";

    private ContentDigest() {
    }

    /** Field value for the body, e.g. {@code sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:}. */
    public static String header(DigestAlgorithm alg, byte[] body) {
        return alg.token() + "=:" + Base64.getEncoder().encodeToString(alg.digest(body)) + ":";
    }

    /**
     * Checks the field value against the body: every member with a supported algorithm must match, and
     * at least one must be supported; unknown algorithms are ignored.
     */
    public static void verify(String headerValue, byte[] body) throws SignatureCheckException {
        if (headerValue == null || headerValue.isBlank()) {
            throw new SignatureCheckException(Failure.DIGEST_MISSING, "no Content-Digest field");
        }
        Map<String, StructuredFields.Entry> dict;
        try {
            dict = StructuredFields.parseDictionary(headerValue.trim());
        } catch (StructuredFieldException e) {
            throw new SignatureCheckException(Failure.DIGEST_MALFORMED, "Content-Digest: " + e.getMessage());
        }
        if (dict.isEmpty()) {
            throw new SignatureCheckException(Failure.DIGEST_MALFORMED, "Content-Digest has no members");
        }
        int checked = 0;
        for (Map.Entry<String, StructuredFields.Entry> e : dict.entrySet()) {
            if (!(e.getValue().member() instanceof StructuredFields.Item item)
                    || !(item.value() instanceof StructuredFields.ByteSequence bytes)) {
                throw new SignatureCheckException(Failure.DIGEST_MALFORMED,
                        "Content-Digest member '" + e.getKey() + "' is not a byte sequence");
            }
            Optional<DigestAlgorithm> alg = DigestAlgorithm.fromToken(e.getKey());
            if (alg.isEmpty()) {
                continue;
            }
            checked++;
            if (!MessageDigest.isEqual(alg.get().digest(body), bytes.bytes())) {
                throw new SignatureCheckException(Failure.DIGEST_MISMATCH,
                        "Content-Digest " + e.getKey() + " does not match the content");
            }
        }
        if (checked == 0) {
            throw new SignatureCheckException(Failure.DIGEST_UNSUPPORTED,
                    "no supported algorithm in Content-Digest " + dict.keySet() + "; supported: sha-256, sm3");
        }
    }
}
