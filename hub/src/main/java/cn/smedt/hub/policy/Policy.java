package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A jurisdiction's subsidy policy, as read from its pack's {@code policy.yaml}: its first version, holding the later
 * ones ({@link #amendments()}). Immutable; every decision records {@link #id()} and the {@link #version()} of the
 * version chosen by the fact's date ({@link #versionOn}).
 *
 * @param id            stable id, e.g. {@code zhengzhou-smedt-2024}
 * @param version       version of this definition; bump it whenever a rule or parameter changes
 * @param region        region code the policy belongs to (GB/T 2260 or hub-local id), equal to its pack's region
 * @param name          title of the source document
 * @param currency      always {@code CNY}
 * @param source        document number (文号) or publication reference
 * @param effectiveFrom date the document took effect; null when the document does not say
 * @param effectiveTo   last day the document applies (inclusive); null when open-ended
 * @param parameters    named rates left to other policies, by name, in YAML order
 * @param rules         the rules, in YAML order
 * @param origin        where the definition was loaded from (for messages and audit)
 * @param amendments    the later versions of the policy held by the same pack (policy.yaml {@code amendments}), each
 *                      complete and in force from its own {@code effectiveFrom}, in date order; empty when the policy
 *                      was never amended. This version then ends the day before the first amendment.
 * @param projects      how the policy treats an enterprise's projects (policy.yaml {@code projects}); the same in
 *                      every version (amendments do not change it)
 */
public record Policy(String id, String version, String region, String name, String currency, String source,
                     LocalDate effectiveFrom, LocalDate effectiveTo, Map<String, PolicyParameter> parameters,
                     List<PolicyRule> rules, String origin, List<Policy> amendments, ProjectRules projects) {

    public Policy {
        projects = projects == null ? ProjectRules.ONE_PER_ENTERPRISE : projects;
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        rules = List.copyOf(rules);
        amendments = List.copyOf(amendments);
    }

    /** A policy with the default {@link ProjectRules} (one project per enterprise). */
    public Policy(String id, String version, String region, String name, String currency, String source,
                  LocalDate effectiveFrom, LocalDate effectiveTo, Map<String, PolicyParameter> parameters,
                  List<PolicyRule> rules, String origin, List<Policy> amendments) {
        this(id, version, region, name, currency, source, effectiveFrom, effectiveTo, parameters, rules, origin,
                amendments, ProjectRules.ONE_PER_ENTERPRISE);
    }

    /** A policy never amended. */
    public Policy(String id, String version, String region, String name, String currency, String source,
                  LocalDate effectiveFrom, LocalDate effectiveTo, Map<String, PolicyParameter> parameters,
                  List<PolicyRule> rules, String origin) {
        this(id, version, region, name, currency, source, effectiveFrom, effectiveTo, parameters, rules, origin,
                List.of());
    }

    /**
     * The version of the policy that decides a fact of this date (the date of the fact that triggers it: a loan's
     * start date, an acceptance's date): the latest amendment in force from that date or before, else this first
     * version (whose {@link #inForceOn} then says whether the policy applied at all). Every decision records the
     * chosen version's {@link #version()}.
     */
    public Policy versionOn(LocalDate date) {
        Policy chosen = this;
        for (Policy amendment : amendments) {
            if (date != null && !date.isBefore(amendment.effectiveFrom())) {
                chosen = amendment;
            }
        }
        return chosen;
    }

    /**
     * The named parameter.
     *
     * @throws PolicyNotApplicableException when the policy defines no such parameter
     */
    public PolicyParameter parameter(String parameterName) {
        PolicyParameter p = parameters.get(parameterName);
        if (p == null) {
            throw new PolicyNotApplicableException("policy " + id + " has no parameter " + parameterName);
        }
        return p;
    }

    /** The rules of one kind, in YAML order. */
    public List<PolicyRule> rules(RuleKind kind) {
        return rules.stream().filter(r -> r.kind() == kind).toList();
    }

    /** The rule with this id. */
    public Optional<PolicyRule> rule(String ruleId) {
        return rules.stream().filter(r -> r.id().equals(ruleId)).findFirst();
    }

    /**
     * Whether the policy applies to a fact of this date (the date of the fact that triggers it: a loan's start date,
     * an acceptance's date): {@code effectiveFrom <= date <= effectiveTo}, an absent bound being open.
     */
    public boolean inForceOn(LocalDate date) {
        return (effectiveFrom == null || !date.isBefore(effectiveFrom))
                && (effectiveTo == null || !date.isAfter(effectiveTo));
    }

    /** Whether the policy decides transformation projects (it has TRANSFORMATION or DIAGNOSIS rules). */
    public boolean decidesTransformation() {
        return !rules(RuleKind.TRANSFORMATION).isEmpty() || !rules(RuleKind.DIAGNOSIS).isEmpty();
    }

    /** The programme tracks the policy's TRANSFORMATION and DIAGNOSIS rules name (eligibility {@code tracks}). */
    public java.util.Set<String> transformationTracks() {
        java.util.Set<String> tracks = new java.util.TreeSet<>();
        rules.stream().filter(r -> r.kind() == RuleKind.TRANSFORMATION || r.kind() == RuleKind.DIAGNOSIS)
                .forEach(r -> tracks.addAll(r.eligibility().tracks()));
        return tracks;
    }

    /** The policy's INTEREST rule (at most one per policy). */
    public Optional<PolicyRule> interestRule() {
        return rules(RuleKind.INTEREST).stream().findFirst();
    }

    /** Per-enterprise cap of interest subsidies over all banks and loans, for the ledger; empty when uncapped or none. */
    public Optional<Money> interestCap() {
        return interestRule().map(r -> r.caps().perEnterprise()).map(Money::of);
    }

    /** Parameters whose value an operator has not confirmed yet. */
    public List<PolicyParameter> unconfirmedParameters() {
        return parameters.values().stream().filter(p -> !p.confirmed()).toList();
    }

    /**
     * A copy with one parameter set by the operator (confirmed). The version gets a {@code +param} suffix so that
     * decisions show the value was not the pack's.
     *
     * @throws PolicyNotApplicableException when the parameter does not exist
     * @throws InvalidAmountException       when the rate is outside [0, 1]
     */
    public Policy withParameter(String parameterName, BigDecimal value) {
        PolicyParameter old = parameter(parameterName);
        if (value == null || value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidAmountException("rate must be between 0 and 1: " + value);
        }
        Map<String, PolicyParameter> copy = new LinkedHashMap<>(parameters);
        copy.put(parameterName, new PolicyParameter(parameterName, value, true, old.description()));
        List<Policy> amended = amendments.stream().map(a -> a.withParameter(parameterName, value)).toList();
        return new Policy(id, version + "+" + parameterName + "=" + value.toPlainString(), region, name, currency,
                source, effectiveFrom, effectiveTo, copy, rules, origin, amended, projects);
    }
}
