/**
 * Subsidy policies as data: jurisdiction packs ({@code packs/<province>/<city>/[<county>/]policy.yaml}), the LPR
 * table, and the plain-Java engine that turns an enterprise's facts into auditable subsidy decisions.
 *
 * <p>Entry points: {@link cn.smedt.hub.policy.PolicyPacks} (load and resolve a region's policy),
 * {@link cn.smedt.hub.policy.PolicyEngine} (transformation, diagnosis, provider and chain-case rules),
 * {@link cn.smedt.hub.policy.InterestSubsidyCalculator} (数字贷 interest periods), {@link cn.smedt.hub.policy.LprTable}
 * and {@link cn.smedt.hub.policy.Money}. Nothing here needs Spring except {@link cn.smedt.hub.policy.PolicyConfiguration}.
 * See docs/policies.md.
 */
package cn.smedt.hub.policy;
