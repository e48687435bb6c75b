package cn.smedt.connectors.govauth;

import java.time.Instant;

/**
 * A short-lived IRS request secret.
 *
 * @param secret    the request secret that signs calls
 * @param expiresAt when the gateway stops accepting it
 */
public record RequestSecret(String secret, Instant expiresAt) {
}
