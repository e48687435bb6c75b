package cn.smedt.hub.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** The run-time changes laid over the configured partners, the seed (docs/partner-registry.md, "Precedence"). */
class RuntimeRegistryTest {

    static final Instant REVOKED_AT = Instant.parse("2026-12-01T08:00:00Z");

    static String pem() {
        return PemKeys.toPem(PemKeys.generate(SignatureAlgorithm.SM2_SM3).getPublic());
    }

    static PartnerProperties.KeyConfig key(String keyId) {
        return new PartnerProperties.KeyConfig(keyId, "sm2-sm3", null, pem(), null, null);
    }

    static PartnerProperties.PartnerConfig partner(String id, String name, Boolean enabled,
                                                   PartnerProperties.KeyConfig... keys) {
        return new PartnerProperties.PartnerConfig(id, name, PartnerType.BANK, List.of("410100"),
                List.of("loans:read"), null, enabled, List.of(keys), null, null, null);
    }

    static PartnerRegistry seed() {
        return new PartnerRegistry(new PartnerProperties(List.of(partner("bank-a", "配置银行", null, key("bank-a-1")),
                partner("bank-off", "停用银行", false, key("bank-off-1")))), new DefaultResourceLoader(),
                new RegionDirectory());
    }

    @Test
    void runTimeChangesExtendAndOverrideTheSeed() {
        PartnerRegistry registry = seed();
        registry.apply(new RuntimeRegistry(List.of(partner("bank-b", "运行时银行", true)),
                List.of(new RuntimeRegistry.Key("bank-b", key("bank-b-1")),
                        new RuntimeRegistry.Key("bank-a", key("bank-a-2"))),
                Map.of("bank-a-1", REVOKED_AT), Set.of("bank-b")));

        assertThat(registry.partner("bank-b").orElseThrow().name()).isEqualTo("运行时银行");
        assertThat(registry.configured("bank-b")).isFalse();
        assertThat(registry.key("bank-b-1").orElseThrow().partner().id()).isEqualTo("bank-b");
        assertThat(registry.key("bank-a-2").orElseThrow().revoked()).isFalse();
        assertThat(registry.configuredKey("bank-a-2")).isFalse();
        assertThat(registry.key("bank-a-1").orElseThrow().revokedAt()).isEqualTo(REVOKED_AT);
        assertThat(registry.suspended("bank-b")).isTrue();
        assertThat(registry.suspended("bank-a")).isFalse();
        assertThat(registry.keysOf("bank-a")).extracting(PartnerKey::keyId).containsExactly("bank-a-1", "bank-a-2");
    }

    @Test
    void theConfigurationWinsOverRowsThatDoNotFit() {
        PartnerRegistry registry = seed();
        registry.apply(new RuntimeRegistry(List.of(partner("bank-a", "冒名银行", true)),
                List.of(new RuntimeRegistry.Key("bank-off", key("bank-off-2")),
                        new RuntimeRegistry.Key("nobody", key("nobody-1")),
                        new RuntimeRegistry.Key("bank-a", key("bank-a-1"))),
                Map.of(), Set.of()));

        assertThat(registry.partner("bank-a").orElseThrow().name()).isEqualTo("配置银行");
        assertThat(registry.key("bank-off-2")).as("a disabled partner's keys stay unknown").isEmpty();
        assertThat(registry.key("nobody-1")).isEmpty();
        assertThat(registry.configuredKey("bank-a-1")).isTrue();
        assertThat(registry.disabled("bank-off")).isTrue();
    }

    @Test
    void aPreviewLeavesTheRegistryAsItIs() {
        PartnerRegistry registry = seed();
        PartnerRegistry preview = registry.with(new RuntimeRegistry(List.of(partner("bank-b", "运行时银行", true)),
                List.of(), Map.of(), Set.of()));

        assertThat(preview.partner("bank-b")).isPresent();
        assertThat(registry.partner("bank-b")).isEmpty();
        assertThat(registry.partners()).extracting(Partner::id).containsExactly("bank-a", "bank-off");
    }
}
