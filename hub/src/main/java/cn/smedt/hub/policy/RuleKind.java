package cn.smedt.hub.policy;

/** What a policy rule pays for. */
public enum RuleKind {
    /** Subsidy on an enterprise's transformation (数字化改造) spend. */
    TRANSFORMATION,
    /** Subsidy on an enterprise's diagnosis (诊断) cost. */
    DIAGNOSIS,
    /** Subsidy to a digital service provider on its service fees, per year. */
    PROVIDER,
    /** Flat support for a recognised chain-transformation (链式) case. */
    CHAIN_CASE,
    /** Interest subsidy (贴息) on a cooperating bank's loan. */
    INTEREST
}
