package cn.smedt.hub.kernel;

import cn.smedt.security.signature.MessageVerifier;
import java.time.Instant;

/**
 * A registered public key of a partner, ready to verify.
 *
 * @param keyId     the {@code keyid} signature parameter
 * @param partner   whose key it is
 * @param verifier  verifier for the key's algorithm (thread-safe)
 * @param notBefore start of validity, or null
 * @param notAfter  end of validity (exclusive), or null
 */
public record PartnerKey(String keyId, Partner partner, MessageVerifier verifier, Instant notBefore,
                         Instant notAfter) {

    public boolean validAt(Instant instant) {
        return (notBefore == null || !instant.isBefore(notBefore)) && (notAfter == null || instant.isBefore(notAfter));
    }
}
