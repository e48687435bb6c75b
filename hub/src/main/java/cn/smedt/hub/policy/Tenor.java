package cn.smedt.hub.policy;

/** The two published Loan Prime Rate tenors. */
public enum Tenor {
    /** 1-year LPR. */
    ONE_YEAR,
    /** 5-year-and-above LPR. */
    FIVE_YEAR
}
