package cn.smedt.hub.policy;

/**
 * How a policy treats an enterprise's transformation projects (policy.yaml {@code projects}): whether an enterprise
 * may have a second project of its own. Caps, brackets and one-time rewards of TRANSFORMATION and DIAGNOSIS rules
 * always apply per project across its stages (docs/policies.md, "Transformation projects").
 *
 * @param secondProjectAllowed true ({@code secondProject: ALLOWED}) when the policy's caps are per project (Yongkang
 *                             "单个项目合计最高补助500万元"), so one enterprise may run several; false
 *                             ({@code REFUSED}, also when the policy says nothing) when it pays per enterprise
 * @param clause               the clause of the source the setting is read from; null when the policy says nothing
 */
public record ProjectRules(boolean secondProjectAllowed, String clause) {

    /** A policy without a {@code projects} section: one project per enterprise. */
    public static final ProjectRules ONE_PER_ENTERPRISE = new ProjectRules(false, null);
}
