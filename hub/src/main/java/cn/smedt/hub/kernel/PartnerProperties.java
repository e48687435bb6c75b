package cn.smedt.hub.kernel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The partner systems allowed to call the hub ({@code hub.gateway.partners}), read by {@link PartnerRegistry}.
 *
 * @param partners the partners, see {@link PartnerConfig}
 */
@ConfigurationProperties(prefix = "hub.gateway")
public record PartnerProperties(List<PartnerConfig> partners) {

    public PartnerProperties {
        partners = partners == null ? List.of() : List.copyOf(partners);
    }

    /**
     * One partner system.
     *
     * @param id                 stable partner id, e.g. {@code bank-zz-001}
     * @param name               display name, e.g. 郑州银行
     * @param type               what kind of system it is
     * @param regions            region codes it may act in; a region covers its descendants
     *                           ({@code 410100} covers {@code 410181})
     * @param scopes             operation scopes granted, e.g. {@code enterprises:write}, {@code loans:write}
     * @param rateLimitPerSecond requests per second allowed across the cluster (default 100)
     * @param enabled            a disabled partner's keys are treated as unknown
     * @param keys               its public keys, for rotation several with overlapping validity
     * @param webhookUrl         where the hub delivers decisions for this partner (banks), signed by the hub
     * @param qualification      assessors only: their qualification to assess by the MIIT index and its validity;
     *                           an assessment or acceptance dated outside it is refused ({@code assessor-not-qualified})
     * @param uscc               enterprises ({@code type: ENTERPRISE}) only, and required for them: the USCC of the
     *                           enterprise the partner is (it grants and revokes consents for that enterprise only)
     */
    public record PartnerConfig(String id, String name, PartnerType type, List<String> regions, List<String> scopes,
                                Integer rateLimitPerSecond, Boolean enabled, List<KeyConfig> keys,
                                String webhookUrl, QualificationConfig qualification, String uscc) {
    }

    /**
     * An assessor's qualification (第三方评测机构资质) as configured.
     *
     * @param certificate number of the certificate or recognition document (recorded only)
     * @param validFrom   first day it holds, inclusive ({@code 2024-01-01}); empty = no start
     * @param validUntil  last day it holds, inclusive ({@code 2026-12-31}); empty = no end
     */
    public record QualificationConfig(String certificate,
                                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate validFrom,
                                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate validUntil) {
    }

    /**
     * One public key of a partner.
     *
     * @param keyId        the {@code keyid} the partner puts in its signatures
     * @param algorithm    {@code sm2-sm3}, {@code ecdsa-p256-sha256} or {@code ed25519}
     * @param publicKey    where the SPKI PEM is: {@code file:...} or {@code classpath:...}
     * @param publicKeyPem the PEM text itself (alternative to {@code publicKey})
     * @param notBefore    start of validity (inclusive); empty means no start
     * @param notAfter     end of validity (exclusive); empty means no end
     */
    public record KeyConfig(String keyId, String algorithm, String publicKey, String publicKeyPem,
                            Instant notBefore, Instant notAfter) {
    }
}
