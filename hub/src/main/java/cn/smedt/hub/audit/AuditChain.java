package cn.smedt.hub.audit;

import cn.smedt.security.digest.DigestAlgorithm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The arithmetic of the audit chain, shared by the appender and the verifier (and free of Spring, so the offline
 * verify command uses exactly the same code).
 *
 * <p>Entry hash = SM3 over the fields, each as a 4-byte big-endian length then its UTF-8 bytes, in this order:
 * seq (decimal), at (ISO-8601 instant), actor, action, subject, detail, previous hash (64 hex chars). Length
 * prefixes make the encoding unambiguous ("ab"+"c" never equals "a"+"bc"). The first entry's previous hash is 64
 * zeros. A checkpoint signs the text {@code audit-checkpoint:<seq>:<head hash>:<at>} with the hub key.
 */
public final class AuditChain {

    /** Previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** The hash of an entry. */
    public static String hash(long seq, Instant at, String actor, String action, String subject, String detail,
                              String previousHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : new String[] {Long.toString(seq), at.toString(), actor, action, subject, detail,
            previousHash}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return HexFormat.of().formatHex(DigestAlgorithm.SM3.digest(out.toByteArray()));
    }

    /** The bytes a checkpoint signature covers. */
    public static byte[] checkpointText(long upToSeq, String headHash, Instant at) {
        return ("audit-checkpoint:" + upToSeq + ":" + headHash + ":" + at).getBytes(StandardCharsets.UTF_8);
    }
}
