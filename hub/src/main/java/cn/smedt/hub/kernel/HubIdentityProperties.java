package cn.smedt.hub.kernel;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hub's own signing key, used to sign every response (and, later, hub-to-hub calls and audit checkpoints).
 * Keys come from files, never from the repository.
 *
 * @param keyId             {@code keyid} put in response signatures; partners look the key up by it
 * @param algorithm         {@code sm2-sm3} (default), {@code ecdsa-p256-sha256} or {@code ed25519}
 * @param privateKey        PKCS#8 PEM file of the private key
 * @param publicKey         SPKI PEM file of the public key (required with {@code privateKey})
 * @param pkcs12            PKCS#12 key store file (alternative to the PEM pair)
 * @param pkcs12Password    its password (from the environment, e.g. {@code HUB_IDENTITY_PKCS12_PASSWORD})
 * @param pkcs12Alias       alias of the key entry
 * @param generateIfMissing when no key is configured, create one under {@code <data-dir>/keys/} on first start
 *                          (development and demo); production sets this to false
 */
@ConfigurationProperties(prefix = "hub.identity")
public record HubIdentityProperties(String keyId, String algorithm, Path privateKey, Path publicKey, Path pkcs12,
                                    String pkcs12Password, String pkcs12Alias, Boolean generateIfMissing) {

    public HubIdentityProperties {
        algorithm = algorithm == null ? "sm2-sm3" : algorithm;
        generateIfMissing = generateIfMissing == null || generateIfMissing;
    }
}
