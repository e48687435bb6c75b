package cn.smedt.hub.policy;

import cn.smedt.hub.packs.PackDefinitionException;
import cn.smedt.hub.packs.PackDescriptor;
import cn.smedt.hub.packs.PackFileKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The subsidy policies of all jurisdiction packs, by region. Loaded from {@code packs/**}{@code /policy.yaml} on the
 * classpath (the routes jar) and, optionally, from a directory with the same layout without the {@code packs/}
 * prefix ({@code hub.packs.dir}), whose policies override the classpath's for the same region. Every
 * {@code policy.yaml} needs a sibling {@code pack.yaml} whose {@code region} equals the policy's. Immutable.
 */
public final class PolicyPacks {

    /** Classpath pattern of the shipped policies. */
    public static final String CLASSPATH_PATTERN = "classpath*:packs/**/policy.yaml";

    /** Policies by region code, in load order; replaced as a whole when the packs are reloaded. */
    private volatile Map<String, Policy> byRegion;

    private PolicyPacks(Map<String, Policy> byRegion) {
        this.byRegion = Collections.unmodifiableMap(byRegion);
    }

    /**
     * Takes the policies of freshly loaded packs (hub.packs.dir changed, {@code PolicyPackReloader}): decisions
     * made from now on use them; decisions already made keep the policy they recorded.
     */
    public void replaceWith(PolicyPacks fresh) {
        this.byRegion = fresh.byRegion;
    }

    /** Packs of these policies (for tests and tools). */
    public static PolicyPacks of(Collection<Policy> policies) {
        Map<String, Policy> map = new LinkedHashMap<>();
        for (Policy p : policies) {
            if (map.put(p.region(), p) != null) {
                throw new PolicyDefinitionException(p.origin(), "region", "a second policy for region " + p.region());
            }
        }
        checkIds(map);
        return new PolicyPacks(map);
    }

    /** The packs shipped on the classpath only. */
    public static PolicyPacks fromClasspath(ClassLoader loader) {
        return load(loader, null);
    }

    /**
     * Loads the classpath packs, then the directory's (when given), which replace classpath policies of the same
     * region.
     *
     * @param loader      class loader whose {@code packs/} resources to read
     * @param overrideDir directory laid out like {@code routes/} ({@code <province>/<city>/[<county>/]policy.yaml}); null = none
     * @throws PolicyDefinitionException when a policy is invalid, lacks its pack.yaml, or two policies claim one region
     */
    public static PolicyPacks load(ClassLoader loader, Path overrideDir) {
        Map<String, Policy> map = new LinkedHashMap<>();
        for (Policy p : classpathPolicies(loader)) {
            if (map.put(p.region(), p) != null) {
                throw new PolicyDefinitionException(p.origin(), "region", "a second policy for region " + p.region());
            }
        }
        if (overrideDir != null) {
            Map<String, Policy> fromDir = new LinkedHashMap<>();
            for (Policy p : directoryPolicies(overrideDir)) {
                if (fromDir.put(p.region(), p) != null) {
                    throw new PolicyDefinitionException(p.origin(), "region",
                            "a second policy for region " + p.region() + " in " + overrideDir);
                }
            }
            map.putAll(fromDir);
        }
        checkIds(map);
        return new PolicyPacks(map);
    }

    private static void checkIds(Map<String, Policy> map) {
        Map<String, Policy> ids = new LinkedHashMap<>();
        for (Policy p : map.values()) {
            Policy other = ids.put(p.id(), p);
            if (other != null) {
                throw new PolicyDefinitionException(p.origin(), "id", "policy id " + p.id() + " is also used by "
                        + other.origin());
            }
        }
    }

    private static List<Policy> classpathPolicies(ClassLoader loader) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(loader);
        List<Policy> out = new ArrayList<>();
        try {
            for (Resource resource : resolver.getResources(CLASSPATH_PATTERN)) {
                String origin = describe(resource);
                Policy policy;
                try (InputStream in = resource.getInputStream()) {
                    policy = PolicyReader.read(in, origin);
                }
                Resource pack = resource.createRelative("pack.yaml");
                if (!pack.exists()) {
                    throw new PolicyDefinitionException(origin, "", "no pack.yaml next to it");
                }
                try (InputStream in = pack.getInputStream()) {
                    checkPack(policy, in, describe(pack));
                }
                out.add(policy);
            }
        } catch (IOException e) {
            throw new PolicyDefinitionException(CLASSPATH_PATTERN, "", "cannot list or read packs: " + e.getMessage(),
                    e);
        }
        return out;
    }

    private static List<Policy> directoryPolicies(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PolicyDefinitionException(dir.toString(), "", "hub.packs.dir is not a directory");
        }
        List<Policy> out = new ArrayList<>();
        try {
            for (Path file : PackFileKind.POLICY.filesIn(dir)) {
                Policy policy;
                try (InputStream in = Files.newInputStream(file)) {
                    policy = PolicyReader.read(in, file.toString());
                }
                Path pack = file.resolveSibling("pack.yaml");
                if (!Files.isRegularFile(pack)) {
                    throw new PolicyDefinitionException(file.toString(), "", "no pack.yaml next to it");
                }
                try (InputStream in = Files.newInputStream(pack)) {
                    checkPack(policy, in, pack.toString());
                }
                out.add(policy);
            }
        } catch (IOException e) {
            throw new PolicyDefinitionException(dir.toString(), "", "cannot read packs: " + e.getMessage(), e);
        }
        return out;
    }

    /** The pack.yaml ({@link PackDescriptor}) is shared with the pack intake; only its region matters here. */
    private static void checkPack(Policy policy, InputStream pack, String origin) {
        String region;
        try {
            region = PackDescriptor.read(pack, origin).region();
        } catch (PackDefinitionException e) {
            throw new PolicyDefinitionException(e);
        }
        if (!region.equals(policy.region())) {
            throw new PolicyDefinitionException(policy.origin(), "region", "is " + policy.region()
                    + " but the pack (" + origin + ") is region " + region);
        }
    }

    private static String describe(Resource resource) {
        try {
            String url = resource.getURL().toString();
            int i = url.lastIndexOf("packs/");
            return i >= 0 ? "classpath:" + url.substring(i) : url;
        } catch (IOException e) {
            return resource.getDescription();
        }
    }

    /**
     * The policy that governs {@code regionCode}: its own pack's, else the nearest ancestor's (county, then city,
     * then province).
     */
    public Optional<Policy> forRegion(String regionCode, RegionAncestry ancestry) {
        for (String code : ancestry.selfAndAncestors(regionCode)) {
            Policy p = byRegion.get(code);
            if (p != null) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The nearest policy to {@code regionCode} (county, then city, then province) that {@code decides}, e.g. one with
     * transformation rules: a county pack without such rules leaves the region to its city's.
     */
    public Optional<Policy> nearest(String regionCode, RegionAncestry ancestry,
                                    java.util.function.Predicate<Policy> decides) {
        for (String code : ancestry.selfAndAncestors(regionCode)) {
            Policy p = byRegion.get(code);
            if (p != null && decides.test(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The policy of exactly this region's pack. */
    public Optional<Policy> ofRegion(String regionCode) {
        return Optional.ofNullable(byRegion.get(regionCode));
    }

    /** The policy with this id. */
    public Optional<Policy> byId(String policyId) {
        return byRegion.values().stream().filter(p -> p.id().equals(policyId)).findFirst();
    }

    /** All policies, classpath order with overrides in place. */
    public Collection<Policy> all() {
        return byRegion.values();
    }
}
