package cn.smedt.hub.kernel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes made to the partner registry at run time (the partners package stores them, docs/partner-registry.md),
 * which {@link PartnerRegistry} lays over the configured partners, the seed: onboarded partners are added (a
 * configured partner of the same id wins), added keys are added to their partner (configured or onboarded; a key id
 * already configured wins), revocations and suspensions apply to configured and onboarded keys and partners alike.
 *
 * @param partners          the partners onboarded at run time (no keys inside: see {@code keys})
 * @param keys              the keys added at run time
 * @param revokedKeys       the revoked key ids and when they were revoked
 * @param suspendedPartners the ids of the partners suspended now
 */
public record RuntimeRegistry(List<PartnerProperties.PartnerConfig> partners, List<Key> keys,
                              Map<String, Instant> revokedKeys, Set<String> suspendedPartners) {

    /** No run-time change at all. */
    public static final RuntimeRegistry NONE = new RuntimeRegistry(List.of(), List.of(), Map.of(), Set.of());

    public RuntimeRegistry {
        partners = List.copyOf(partners);
        keys = List.copyOf(keys);
        revokedKeys = Map.copyOf(revokedKeys);
        suspendedPartners = Set.copyOf(suspendedPartners);
    }

    /**
     * A key added at run time.
     *
     * @param partnerId whose key it is
     * @param key       the key (its PEM text in {@code publicKeyPem})
     */
    public record Key(String partnerId, PartnerProperties.KeyConfig key) {
    }
}
