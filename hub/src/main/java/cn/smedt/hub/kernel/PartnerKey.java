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
 * @param revokedAt when the operator revoked it (operation revokePartnerKey), or null: a revoked key is refused
 *                  whatever its validity ({@code key-revoked})
 */
public record PartnerKey(String keyId, Partner partner, MessageVerifier verifier, Instant notBefore,
                         Instant notAfter, Instant revokedAt) {

    /** A key that is not revoked. */
    public PartnerKey(String keyId, Partner partner, MessageVerifier verifier, Instant notBefore, Instant notAfter) {
        this(keyId, partner, verifier, notBefore, notAfter, null);
    }

    public boolean validAt(Instant instant) {
        return (notBefore == null || !instant.isBefore(notBefore)) && (notAfter == null || instant.isBefore(notAfter));
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** This key, revoked at {@code at}. */
    PartnerKey revokedOn(Instant at) {
        return new PartnerKey(keyId, partner, verifier, notBefore, notAfter, at);
    }
}
