package cn.smedt.hub.kernel;

/** Kinds of systems that call the hub (DOMAIN.md, "Who talks to the hub"). */
public enum PartnerType {
    /** A cooperating bank (合作银行) submitting 数字贷 loan records. */
    BANK,
    /** A qualified third-party assessment body (第三方评测机构). */
    ASSESSOR,
    /** An industrial internet platform (工业互联网平台) pushing cloud-adoption data. */
    PLATFORM,
    /** A government office platform (政务平台). */
    GOVERNMENT,
    /** A digital service provider (服务商). */
    PROVIDER,
    /** Another hub node (child or parent). */
    HUB,
    /**
     * An enterprise (企业) acting for itself, bound to its USCC ({@link Partner#uscc}): grants and revokes the data-use
     * consents of banks (docs/consent.md).
     */
    ENTERPRISE
}
