package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Conditions a case must meet for a rule to pay. Every field is optional (null or empty = no condition).
 *
 * @param minLevel            lowest assessed digital level (1-4) that qualifies
 * @param levels              the assessed levels that qualify (alternative to {@code minLevel})
 * @param taskCompleted       the transformation task must be completed (完成数字化改造任务)
 * @param acceptancePassed    the project must have passed acceptance (验收)
 * @param pilotEnterprise     the enterprise must be in the programme's pilot list / project library
 * @param tracks              the programme tracks the enterprise must have filed for (e.g. {@code intermediate-factory-pilot})
 * @param minInvestment       the rule's base (sum of its spend categories) must reach this, in yuan, inclusive
 * @param minTotalInvestment  the enterprise's declared total investment must reach this, in yuan, inclusive
 * @param scales              the enterprise scales that qualify
 * @param industries          the industry codes that qualify
 * @param cooperatingBank     INTEREST: the loan must come from a cooperating bank (合作银行)
 * @param chainCaseRecognised CHAIN_CASE: the case must be recognised by MIIT as a typical chain case
 */
public record Eligibility(Integer minLevel, Set<Integer> levels, Boolean taskCompleted, Boolean acceptancePassed,
                          Boolean pilotEnterprise, Set<String> tracks, BigDecimal minInvestment,
                          BigDecimal minTotalInvestment, Set<EnterpriseScale> scales, Set<String> industries,
                          Boolean cooperatingBank, Boolean chainCaseRecognised) {

    /** No conditions. */
    public static final Eligibility ANY = new Eligibility(null, Set.of(), null, null, null, Set.of(), null, null,
            Set.of(), Set.of(), null, null);

    public Eligibility {
        levels = levels == null ? Set.of() : Set.copyOf(levels);
        tracks = tracks == null ? Set.of() : Set.copyOf(tracks);
        scales = scales == null ? Set.of() : Set.copyOf(scales);
        industries = industries == null ? Set.of() : Set.copyOf(industries);
    }
}
