package cn.smedt.hub.kernel;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.security.keys.KeyLoadingException;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.MessageVerifier;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.Verifiers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * The partners and their keys: the configured ones ({@code hub.gateway.partners}, loaded at start-up: the seed) with
 * the changes made at run time laid over them ({@link RuntimeRegistry}, applied by the partners package on every node
 * after each change: {@link #apply}). Lookups read one immutable snapshot, swapped atomically by {@link #apply}: no
 * database call on the request path.
 */
@Component
public class PartnerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerRegistry.class);

    /** Every configured partner, enabled or not. */
    private final Map<String, Partner> configuredPartners;
    /** The keys of the enabled configured partners. */
    private final Map<String, PartnerKey> configuredKeys;
    /** The configured partners with {@code enabled: false}. */
    private final Set<String> disabledPartners;
    private final RegionDirectory regions;
    private volatile Snapshot current;

    @Autowired
    PartnerRegistry(PartnerProperties props, ResourceLoader resources, RegionDirectory regions) {
        Map<String, Partner> partnersById = new HashMap<>();
        Map<String, PartnerKey> keysById = new HashMap<>();
        Set<String> disabled = new HashSet<>();
        for (PartnerProperties.PartnerConfig config : props.partners()) {
            Partner partner = toPartner(config, regions);
            if (partnersById.putIfAbsent(partner.id(), partner) != null) {
                throw new PartnerConfigurationException("partner id " + partner.id() + " configured twice");
            }
            if (Boolean.FALSE.equals(config.enabled())) {
                disabled.add(partner.id());
                continue;
            }
            if (config.keys() == null) {
                continue;
            }
            for (PartnerProperties.KeyConfig key : config.keys()) {
                PartnerKey partnerKey = toKey(partner, key, resources);
                if (keysById.putIfAbsent(partnerKey.keyId(), partnerKey) != null) {
                    throw new PartnerConfigurationException("key id " + key.keyId() + " configured twice");
                }
            }
        }
        this.configuredPartners = Map.copyOf(partnersById);
        this.configuredKeys = Map.copyOf(keysById);
        this.disabledPartners = Set.copyOf(disabled);
        this.regions = regions;
        this.current = new Snapshot(configuredPartners, configuredKeys, Set.of());
    }

    private PartnerRegistry(PartnerRegistry seed, Snapshot snapshot) {
        this.configuredPartners = seed.configuredPartners;
        this.configuredKeys = seed.configuredKeys;
        this.disabledPartners = seed.disabledPartners;
        this.regions = seed.regions;
        this.current = snapshot;
    }

    /**
     * The key with this id of an enabled partner, whatever its validity, revoked or not ({@link PartnerKey#revoked}):
     * the gateway refuses each case with its own code.
     */
    public Optional<PartnerKey> key(String keyId) {
        return Optional.ofNullable(current.keys().get(keyId));
    }

    /** The partner with this id, configured or onboarded, enabled, suspended or not. */
    public Optional<Partner> partner(String partnerId) {
        return Optional.ofNullable(current.partners().get(partnerId));
    }

    /** Every partner of a type (enabled or not, suspended or not: callers check what they need). */
    public List<Partner> partnersOfType(PartnerType type) {
        return partners().stream().filter(partner -> partner.type() == type).toList();
    }

    /** Every partner, configured or onboarded, by id. */
    public List<Partner> partners() {
        return current.partners().values().stream().sorted(Comparator.comparing(Partner::id)).toList();
    }

    /** The keys of a partner (revoked ones too), by key id; none for a disabled partner. */
    public List<PartnerKey> keysOf(String partnerId) {
        return current.keys().values().stream().filter(key -> key.partner().id().equals(partnerId))
                .sorted(Comparator.comparing(PartnerKey::keyId)).toList();
    }

    /** True while the operator has the partner suspended (operation suspendPartner): its calls are refused. */
    public boolean suspended(String partnerId) {
        return current.suspended().contains(partnerId);
    }

    /** True for a configured partner with {@code enabled: false}: its keys are treated as unknown. */
    public boolean disabled(String partnerId) {
        return disabledPartners.contains(partnerId);
    }

    /** True when the partner is in the configuration (the seed), false when onboarded at run time or unknown. */
    public boolean configured(String partnerId) {
        return configuredPartners.containsKey(partnerId);
    }

    /** True when the key is in the configuration (the seed), false when added at run time or unknown. */
    public boolean configuredKey(String keyId) {
        return configuredKeys.containsKey(keyId);
    }

    /**
     * Lays these run-time changes over the configured partners and makes the result the registry every lookup reads
     * from now on (one atomic swap). A row that does not fit (a partner whose id is now configured, a key id now
     * configured, a key of an unknown or disabled partner) is left out and logged: the configuration wins.
     */
    public void apply(RuntimeRegistry changes) {
        current = snapshot(changes);
    }

    /**
     * The registry as it would be with these run-time changes (left out as by {@link #apply}), for an operation to
     * answer a change before it commits; this registry is left as it is.
     */
    public PartnerRegistry with(RuntimeRegistry changes) {
        return new PartnerRegistry(this, snapshot(changes));
    }

    /**
     * The verifier of a public key in PEM text for an algorithm token ({@code sm2-sm3}, {@code ecdsa-p256-sha256},
     * {@code ed25519}), as the registry builds it.
     *
     * @throws PartnerConfigurationException when the algorithm is unknown, the PEM unusable or of another algorithm
     */
    public static MessageVerifier verifier(String keyId, String algorithmToken, String pem) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.fromToken(algorithmToken).orElseThrow(() ->
                new PartnerConfigurationException("key " + keyId + ": unknown algorithm " + algorithmToken));
        PublicKey publicKey;
        try {
            publicKey = PemKeys.readPublicKey(pem);
        } catch (KeyLoadingException e) {
            throw new PartnerConfigurationException("key " + keyId + ": " + e.getMessage(), e);
        }
        try {
            return Verifiers.create(algorithm, publicKey);
        } catch (SignatureCheckException e) {
            throw new PartnerConfigurationException("key " + keyId + " does not fit " + algorithmToken, e);
        }
    }

    private Snapshot snapshot(RuntimeRegistry changes) {
        Map<String, Partner> partners = new HashMap<>(configuredPartners);
        for (PartnerProperties.PartnerConfig config : changes.partners()) {
            if (configuredPartners.containsKey(config.id())) {
                skip("onboarded partner " + config.id() + " is configured: the configuration wins");
                continue;
            }
            try {
                partners.put(config.id(), toPartner(config, regions));
            } catch (PartnerConfigurationException e) {
                skip(e.getMessage());
            }
        }
        Map<String, PartnerKey> keys = new HashMap<>(configuredKeys);
        for (RuntimeRegistry.Key added : changes.keys()) {
            Partner partner = partners.get(added.partnerId());
            String keyId = added.key().keyId();
            if (partner == null || disabledPartners.contains(partner.id())) {
                skip("key " + keyId + " of unknown or disabled partner " + added.partnerId());
            } else if (keys.containsKey(keyId)) {
                skip("key " + keyId + " added at run time is registered already: the first one wins");
            } else {
                try {
                    PartnerProperties.KeyConfig key = added.key();
                    keys.put(keyId, new PartnerKey(keyId, partner, verifier(keyId, key.algorithm(),
                            key.publicKeyPem()), key.notBefore(), key.notAfter()));
                } catch (PartnerConfigurationException e) {
                    skip(e.getMessage());
                }
            }
        }
        changes.revokedKeys().forEach((keyId, at) -> keys.computeIfPresent(keyId, (id, key) -> key.revokedOn(at)));
        return new Snapshot(Map.copyOf(partners), Map.copyOf(keys), changes.suspendedPartners());
    }

    private static void skip(String problem) {
        LOG.warn("partner registry: left out at run time: {}", problem);
    }

    /** What the lookups read: replaced whole, never changed. */
    private record Snapshot(Map<String, Partner> partners, Map<String, PartnerKey> keys, Set<String> suspended) {
    }

    private static Partner toPartner(PartnerProperties.PartnerConfig config, RegionDirectory regions) {
        if (config.id() == null || config.id().isBlank() || config.type() == null) {
            throw new PartnerConfigurationException("every partner needs an id and a type: " + config);
        }
        var regionSet = new LinkedHashSet<String>(config.regions() == null ? List.of() : config.regions());
        for (String region : regionSet) {
            if (regions.find(region).isEmpty()) {
                throw new PartnerConfigurationException("partner " + config.id() + ": unknown region " + region);
            }
        }
        return new Partner(config.id(), config.name() == null ? config.id() : config.name(), config.type(),
                Set.copyOf(regionSet), Set.copyOf(config.scopes() == null ? List.of() : config.scopes()),
                config.rateLimitPerSecond() == null ? 100 : config.rateLimitPerSecond(), config.webhookUrl(),
                qualificationOf(config), usccOf(config));
    }

    private static String usccOf(PartnerProperties.PartnerConfig config) {
        if (config.type() != PartnerType.ENTERPRISE) {
            if (config.uscc() != null) {
                throw new PartnerConfigurationException("partner " + config.id() + " is a " + config.type()
                        + ": only enterprises have a uscc");
            }
            return null;
        }
        String problem = config.uscc() == null ? "an enterprise needs its uscc" : Uscc.problem(config.uscc());
        if (problem != null) {
            throw new PartnerConfigurationException("partner " + config.id() + ": uscc " + config.uscc() + ": "
                    + problem);
        }
        return config.uscc();
    }

    private static AssessorQualification qualificationOf(PartnerProperties.PartnerConfig config) {
        PartnerProperties.QualificationConfig q = config.qualification();
        if (q == null) {
            return null;
        }
        if (config.type() != PartnerType.ASSESSOR) {
            throw new PartnerConfigurationException("partner " + config.id() + " is a " + config.type()
                    + ": only assessors have a qualification");
        }
        try {
            return new AssessorQualification(q.certificate(), q.validFrom(), q.validUntil());
        } catch (PartnerConfigurationException e) {
            throw new PartnerConfigurationException("partner " + config.id() + ": " + e.getMessage(), e);
        }
    }

    private static PartnerKey toKey(Partner partner, PartnerProperties.KeyConfig key, ResourceLoader resources) {
        if (key.keyId() == null || key.keyId().isBlank()) {
            throw new PartnerConfigurationException("partner " + partner.id() + " has a key without key-id");
        }
        return new PartnerKey(key.keyId(), partner, verifier(key.keyId(), key.algorithm(), pemText(key, resources)),
                key.notBefore(), key.notAfter());
    }

    private static String pemText(PartnerProperties.KeyConfig key, ResourceLoader resources) {
        if (key.publicKeyPem() != null && !key.publicKeyPem().isBlank()) {
            return key.publicKeyPem();
        }
        if (key.publicKey() == null || key.publicKey().isBlank()) {
            throw new PartnerConfigurationException("key " + key.keyId() + " needs public-key or public-key-pem");
        }
        Resource resource = resources.getResource(key.publicKey());
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PartnerConfigurationException("key " + key.keyId() + ": cannot read " + key.publicKey(), e);
        }
    }
}
