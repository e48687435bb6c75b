package cn.smedt.hub.kernel;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.Verifiers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/** The partners and their keys, loaded from {@code hub.gateway.partners} at start-up. */
@Component
public class PartnerRegistry {

    private final Map<String, PartnerKey> keysById = new HashMap<>();
    private final Map<String, Partner> partnersById = new HashMap<>();

    PartnerRegistry(PartnerProperties props, ResourceLoader resources, RegionDirectory regions) {
        for (PartnerProperties.PartnerConfig config : props.partners()) {
            Partner partner = toPartner(config, regions);
            if (partnersById.putIfAbsent(partner.id(), partner) != null) {
                throw new PartnerConfigurationException("partner id " + partner.id() + " configured twice");
            }
            if (Boolean.FALSE.equals(config.enabled()) || config.keys() == null) {
                continue;
            }
            for (PartnerProperties.KeyConfig key : config.keys()) {
                PartnerKey partnerKey = toKey(partner, key, resources);
                if (keysById.putIfAbsent(partnerKey.keyId(), partnerKey) != null) {
                    throw new PartnerConfigurationException("key id " + key.keyId() + " configured twice");
                }
            }
        }
    }

    /** The enabled key with this id, whatever its validity. */
    public Optional<PartnerKey> key(String keyId) {
        return Optional.ofNullable(keysById.get(keyId));
    }

    public Optional<Partner> partner(String partnerId) {
        return Optional.ofNullable(partnersById.get(partnerId));
    }

    /** Every configured partner of a type (enabled or not: callers check what they need). */
    public List<Partner> partnersOfType(PartnerType type) {
        return partnersById.values().stream().filter(partner -> partner.type() == type)
                .sorted(java.util.Comparator.comparing(Partner::id)).toList();
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
        SignatureAlgorithm algorithm = SignatureAlgorithm.fromToken(key.algorithm()).orElseThrow(() ->
                new PartnerConfigurationException("key " + key.keyId() + ": unknown algorithm " + key.algorithm()));
        PublicKey publicKey = PemKeys.readPublicKey(pemText(key, resources));
        try {
            return new PartnerKey(key.keyId(), partner, Verifiers.create(algorithm, publicKey), key.notBefore(),
                    key.notAfter());
        } catch (SignatureCheckException e) {
            throw new PartnerConfigurationException("key " + key.keyId() + " does not fit " + key.algorithm(), e);
        }
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
