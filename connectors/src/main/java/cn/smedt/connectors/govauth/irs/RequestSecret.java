package cn.smedt.connectors.govauth.irs;

import cn.smedt.connectors.govauth.GovAuthException;
import java.time.Instant;

/**
 * A short-lived IRS request secret.
 *
 * @param value     the request secret that signs calls (never printed by {@link #toString()})
 * @param expiresAt when the gateway stops accepting it
 */
public record RequestSecret(String value, Instant expiresAt) {

    public RequestSecret {
        if (value == null || value.isBlank()) {
            throw new GovAuthException("IRS request secret is missing");
        }
        if (expiresAt == null) {
            throw new GovAuthException("IRS request secret has no expiry");
        }
    }

    @Override
    public String toString() {
        return "RequestSecret[value=***, expiresAt=" + expiresAt + "]";
    }
}
