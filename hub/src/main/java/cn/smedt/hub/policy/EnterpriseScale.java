package cn.smedt.hub.policy;

/** Whether an enterprise is above the designated size for industrial statistics (规上) or below it (规下). */
public enum EnterpriseScale {
    /** 规模以上工业企业 (annual main-business revenue of 20 million yuan or more). */
    ABOVE_DESIGNATED_SIZE,
    /** 规模以下 (规下) enterprise. */
    BELOW_DESIGNATED_SIZE
}
