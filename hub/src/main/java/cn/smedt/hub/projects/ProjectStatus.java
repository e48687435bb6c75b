package cn.smedt.hub.projects;

/**
 * Where a transformation project stands (DOMAIN.md, process of one enterprise), in order; the stored status only
 * moves forward (a later fact never takes it back): {@link #rank()} is its order.
 */
public enum ProjectStatus {
    /** Registered (selected as 试点企业/改造企业). */
    SELECTED,
    /** A diagnosis (诊断) is attached. */
    DIAGNOSED,
    /** The implementation contract (providers, amount) is attached. */
    CONTRACTED,
    /** A stage started, or a stage was accepted while planned stages remain. */
    IMPLEMENTING,
    /** Every planned stage passed acceptance (验收). */
    ACCEPTED,
    /** Every planned stage is decided and the project was granted a subsidy. */
    SUBSIDISED;

    /** 0 for SELECTED .. 5 for SUBSIDISED (column project.status_rank). */
    public int rank() {
        return ordinal();
    }
}
