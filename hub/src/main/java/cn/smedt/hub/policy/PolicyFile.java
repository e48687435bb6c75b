package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A {@code policy.yaml} as written (schema in docs/policies.md), bound by Jackson YAML
 * ({@link cn.smedt.hub.packs.PackYaml}): unknown keys and values of the wrong type are refused there;
 * {@link PolicyReader} validates the rest and builds the {@link Policy}. Absent fields are null. Text fields take
 * unquoted numbers too ({@code version: 1}); dates stay text ({@code yyyy-MM-dd}).
 *
 * @param id            policy id, unique among the loaded packs
 * @param version       the policy's version, recorded with every decision
 * @param region        region code of the pack (must equal pack.yaml's)
 * @param name          the policy's name
 * @param currency      CNY
 * @param source        the document the rules come from
 * @param effectiveFrom first day the policy applies, {@code yyyy-MM-dd}; absent: always
 * @param effectiveTo   last day the policy applies (inclusive), {@code yyyy-MM-dd}; absent: open-ended
 * @param parameters    named rates, by name, in file order
 * @param rules         the rules, at least one
 * @param amendments    later versions of the policy, in date order; absent: never amended
 * @param projects      how the policy treats an enterprise's projects; absent: one project per enterprise
 */
record PolicyFile(String id, String version, String region, String name, String currency, String source,
                  String effectiveFrom, String effectiveTo, LinkedHashMap<String, Parameter> parameters,
                  List<Rule> rules, List<Amendment> amendments, Projects projects) {

    /**
     * The policy's project setting.
     *
     * @param secondProject {@code ALLOWED} or {@code REFUSED}: may an enterprise have a second project
     * @param clause        the clause of the source it is read from
     */
    record Projects(String secondProject, String clause) {
    }

    /**
     * A later version of the policy (修订): what changed from a date on; the rest carries over from the version
     * before.
     *
     * @param version       the new version, recorded with every decision it makes
     * @param effectiveFrom first day it applies, {@code yyyy-MM-dd}, after the version before it began
     * @param source        the amending document; absent: the policy's
     * @param parameters    parameters it sets (new value, or new ones)
     * @param rules         rules it replaces (same id) or adds (new id)
     */
    record Amendment(String version, String effectiveFrom, String source, LinkedHashMap<String, Parameter> parameters,
                     List<Rule> rules) {
    }

    /**
     * A named rate.
     *
     * @param value       the rate, a fraction in [0, 1]
     * @param confirmed   true once an operator has checked the value against the source
     * @param description what it is
     */
    record Parameter(BigDecimal value, Boolean confirmed, String description) {
    }

    /**
     * A rule.
     *
     * @param id          rule id, unique in the policy
     * @param kind        a {@link RuleKind}
     * @param title       short title
     * @param clause      the clause of the source it implements
     * @param eligibility who qualifies; absent: anyone
     * @param base        {@code serviceFees}, {@code interest} or a list of spend categories (text or list)
     * @param brackets    rate brackets over the base
     * @param components  fixed or per-category components
     * @param caps        caps of the rule's subsidy
     * @param interest    interest terms (INTEREST rules only)
     */
    record Rule(String id, String kind, String title, String clause, Eligibility eligibility, Object base,
                List<Bracket> brackets, List<Component> components, Caps caps, Interest interest) {
    }

    /**
     * Who qualifies for a rule (see {@link cn.smedt.hub.policy.Eligibility}).
     *
     * @param minLevel            lowest digital level 1-4
     * @param levels              the digital levels that qualify (instead of minLevel)
     * @param taskCompleted       the transformation task must be completed
     * @param acceptancePassed    the acceptance must have passed
     * @param pilotEnterprise     the enterprise must be a pilot
     * @param tracks              the tracks that qualify
     * @param minInvestment       lowest eligible investment
     * @param minTotalInvestment  lowest total investment
     * @param scale               one enterprise scale or a list of them
     * @param industries          the industries that qualify
     * @param cooperatingBank     INTEREST rules: the loan must come from a cooperating bank
     * @param chainCaseRecognised CHAIN_CASE rules: the chain case must be recognised
     */
    record Eligibility(Integer minLevel, List<String> levels, Boolean taskCompleted, Boolean acceptancePassed,
                       Boolean pilotEnterprise, List<String> tracks, BigDecimal minInvestment,
                       BigDecimal minTotalInvestment, Object scale, List<String> industries,
                       Boolean cooperatingBank, Boolean chainCaseRecognised) {
    }

    /**
     * A rate bracket of the base.
     *
     * @param from          lower bound in yuan
     * @param to            upper bound in yuan; absent: open
     * @param rate          the rate (or rateParameter)
     * @param rateParameter a parameter's name (or rate)
     */
    record Bracket(BigDecimal from, BigDecimal to, BigDecimal rate, String rateParameter) {
    }

    /**
     * A component: {@code CATEGORY_RATE} takes category, minSpend and rate or rateParameter; the fixed types take
     * amount.
     *
     * @param id                 component id, unique in the rule
     * @param type               a {@link cn.smedt.hub.policy.Component.Type}
     * @param category           CATEGORY_RATE: the spend category
     * @param minSpend           CATEGORY_RATE: lowest spend that counts
     * @param rate               CATEGORY_RATE: the rate (or rateParameter)
     * @param rateParameter      CATEGORY_RATE: a parameter's name (or rate)
     * @param amount             fixed types: the amount in yuan
     * @param requiresAcceptance paid only after a passed acceptance
     * @param withinCap          counts towards the rule's cap
     */
    record Component(String id, String type, String category, BigDecimal minSpend, BigDecimal rate,
                     String rateParameter, BigDecimal amount, Boolean requiresAcceptance, Boolean withinCap) {
    }

    /**
     * Caps of a rule's subsidy, in yuan.
     *
     * @param perEnterprise      per enterprise
     * @param perProviderPerYear per service provider and year
     * @param total              of the whole programme
     */
    record Caps(BigDecimal perEnterprise, BigDecimal perProviderPerYear, BigDecimal total) {
    }

    /**
     * Interest terms of an INTEREST rule.
     *
     * @param maxYears years of interest subsidised, at least 1
     * @param dayCount 360 or 365
     * @param lpr      which LPR tenor applies
     */
    record Interest(Integer maxYears, Integer dayCount, Lpr lpr) {
    }

    /**
     * The LPR tenor by loan term.
     *
     * @param tenorUpTo5Years the tenor for loans up to five years
     * @param longer          the tenor for longer loans
     */
    record Lpr(String tenorUpTo5Years, String longer) {
    }
}
