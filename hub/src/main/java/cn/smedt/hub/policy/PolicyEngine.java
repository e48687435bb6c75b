package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a policy's rules to a case. Plain Java, stateless, thread-safe. For each rule of the kinds asked for it
 * returns one {@link SubsidyDecision}, eligible or not, with the arithmetic line by line; each bracket and
 * component result is rounded HALF_UP to fen before summing.
 */
public final class PolicyEngine {

    /** Transformation and diagnosis decisions for one enterprise's project, in the policy's rule order. */
    /**
     * The decisions of a project over all its stages ({@link TransformationFacts#ofStages}): brackets, the rule's
     * caps and one-time (FIXED) components apply once to the project's cumulative spend, so what the project is
     * entitled to does not depend on how its spend was split into acceptances. The ledger grants each stage the
     * entitlement less what the earlier stages got ({@code SubsidyLedger.topUp}).
     */
    public List<SubsidyDecision> decideProject(Policy policy, List<TransformationFacts> stages,
                                               BigDecimal diagnosisCost) {
        return decide(policy, TransformationFacts.ofStages(stages, diagnosisCost));
    }

    public List<SubsidyDecision> decide(Policy policy, TransformationFacts facts) {
        List<SubsidyDecision> out = new ArrayList<>();
        for (PolicyRule rule : policy.rules()) {
            if (rule.kind() != RuleKind.TRANSFORMATION && rule.kind() != RuleKind.DIAGNOSIS) {
                continue;
            }
            Subject subject = new Subject(facts.acceptedOn() == null || policy.inForceOn(facts.acceptedOn()),
                    facts.pilotEnterprise(), facts.track(), facts.industryCode(), facts.scale(), facts.level(),
                    facts.taskCompleted(), facts.acceptancePassed(), facts.totalInvestment(), false);
            out.add(decideRule(policy, rule, subject, facts.spend()));
        }
        return out;
    }

    /** Provider decisions (kind PROVIDER) for one provider's year. */
    public List<SubsidyDecision> decideProvider(Policy policy, ProviderFacts facts) {
        List<SubsidyDecision> out = new ArrayList<>();
        for (PolicyRule rule : policy.rules(RuleKind.PROVIDER)) {
            Subject subject = new Subject(true, false, null, null, null, null, facts.allTasksCompleted(), false,
                    null, false);
            out.add(decideRule(policy, rule, subject, Map.of(), Money.of(facts.serviceFees())));
        }
        return out;
    }

    /** Chain-case decisions (kind CHAIN_CASE). */
    public List<SubsidyDecision> decideChainCase(Policy policy, ChainCaseFacts facts) {
        List<SubsidyDecision> out = new ArrayList<>();
        for (PolicyRule rule : policy.rules(RuleKind.CHAIN_CASE)) {
            Subject subject = new Subject(true, false, null, null, null, null, false, false, null,
                    facts.recognised());
            out.add(decideRule(policy, rule, subject, Map.of(), Money.ZERO));
        }
        return out;
    }

    /**
     * The case as eligibility sees it; fields a case type lacks are null / false and fail conditions on them.
     * {@code policyInForce}: the date of the triggering fact (acceptance date) lies within the policy's effective
     * dates, or the case has no such date.
     */
    private record Subject(boolean policyInForce, boolean pilotEnterprise, String track, String industry, EnterpriseScale scale,
                           Integer level, boolean taskCompleted, boolean acceptancePassed,
                           BigDecimal totalInvestment, boolean chainCaseRecognised) {
    }

    private SubsidyDecision decideRule(Policy policy, PolicyRule rule, Subject subject,
                                       Map<SpendCategory, BigDecimal> spend) {
        List<DecisionLine> baseLines = new ArrayList<>();
        Money base = Money.ZERO;
        for (SpendCategory category : rule.base().categories()) {
            BigDecimal raw = spend.get(category);
            Money amount = raw == null ? Money.ZERO : Money.of(raw);
            base = base.plus(amount);
            baseLines.add(new DecisionLine(DecisionLine.Type.BASE, category.yamlName(), amount.amount(), null,
                    amount.amount(), false, null, null));
        }
        return decide(policy, rule, subject, spend, base, baseLines);
    }

    private SubsidyDecision decideRule(Policy policy, PolicyRule rule, Subject subject,
                                       Map<SpendCategory, BigDecimal> spend, Money base) {
        List<DecisionLine> baseLines = new ArrayList<>();
        if (rule.base().measure() == RuleBase.Measure.SERVICE_FEES) {
            baseLines.add(new DecisionLine(DecisionLine.Type.BASE, "serviceFees", base.amount(), null, base.amount(),
                    false, null, null));
        }
        return decide(policy, rule, subject, spend, base, baseLines);
    }

    private SubsidyDecision decide(Policy policy, PolicyRule rule, Subject subject,
                                   Map<SpendCategory, BigDecimal> spend, Money base, List<DecisionLine> lines) {
        BigDecimal cap = rule.caps().decisionCap().orElse(null);
        String failure = failure(rule.eligibility(), subject, base);
        if (failure != null) {
            return new SubsidyDecision(policy.id(), policy.version(), rule.id(), rule.kind(), false, failure,
                    base.amount(), Money.ZERO.amount(), cap, Money.ZERO.amount(), lines, List.of());
        }
        Set<String> unconfirmed = new LinkedHashSet<>();
        Money withinCap = Money.ZERO;
        Money outsideCap = Money.ZERO;

        for (Bracket bracket : rule.brackets()) {
            Money portion = portion(base, bracket);
            if (portion.isZero()) {
                continue;
            }
            BigDecimal rate = bracket.effectiveRate(policy);
            Money result = portion.times(rate);
            noteParameter(policy, bracket.rateParameter(), unconfirmed);
            lines.add(new DecisionLine(DecisionLine.Type.BRACKET, bracket.label(), portion.amount(), rate,
                    result.amount(), true, bracket.rateParameter(), null));
            withinCap = withinCap.plus(result);
        }
        for (Component c : rule.components()) {
            Money result;
            DecisionLine line;
            if (c.requiresAcceptance() && !subject.acceptancePassed()) {
                result = Money.ZERO;
                line = new DecisionLine(DecisionLine.Type.COMPONENT, c.id(), Money.ZERO.amount(), null,
                        result.amount(), c.withinCap(), null, "acceptance-not-passed");
            } else if (c.type() == Component.Type.FIXED) {
                result = Money.of(c.amount());
                line = new DecisionLine(DecisionLine.Type.COMPONENT, c.id(), result.amount(), null, result.amount(),
                        c.withinCap(), null, null);
            } else {
                BigDecimal raw = spend.get(c.category());
                Money categorySpend = raw == null ? Money.ZERO : Money.of(raw);
                BigDecimal rate = c.effectiveRate(policy);
                boolean reached = c.minSpend() == null || categorySpend.isAtLeast(Money.of(c.minSpend()));
                result = reached ? categorySpend.times(rate) : Money.ZERO;
                if (reached) {
                    noteParameter(policy, c.rateParameter(), unconfirmed);
                }
                line = new DecisionLine(DecisionLine.Type.COMPONENT, c.id() + ":" + c.category().yamlName(),
                        categorySpend.amount(), rate, result.amount(), c.withinCap(), c.rateParameter(),
                        reached ? null : "below-minimum-spend");
            }
            lines.add(line);
            if (c.withinCap()) {
                withinCap = withinCap.plus(result);
            } else {
                outsideCap = outsideCap.plus(result);
            }
        }
        Money computed = withinCap.plus(outsideCap);
        Money grantedWithin = withinCap;
        if (cap != null) {
            grantedWithin = withinCap.min(Money.of(cap));
            lines.add(new DecisionLine(DecisionLine.Type.CAP, capName(rule.caps()), withinCap.amount(), null,
                    grantedWithin.amount(), true, null, null));
        }
        Money granted = grantedWithin.plus(outsideCap);
        String reason = granted.compareTo(computed) < 0 ? "capped"
                : computed.isZero() ? "no-eligible-spend" : "eligible";
        return new SubsidyDecision(policy.id(), policy.version(), rule.id(), rule.kind(), true, reason,
                base.amount(), computed.amount(), cap, granted.amount(), lines, List.copyOf(unconfirmed));
    }

    private static String capName(Caps caps) {
        BigDecimal cap = caps.decisionCap().orElseThrow();
        if (cap.equals(caps.total())) {
            return "total";
        }
        return cap.equals(caps.perEnterprise()) ? "perEnterprise" : "perProviderPerYear";
    }

    private static void noteParameter(Policy policy, String parameter, Set<String> unconfirmed) {
        if (parameter != null && !policy.parameter(parameter).confirmed()) {
            unconfirmed.add(parameter);
        }
    }

    /** The part of {@code base} inside {@code [from, to)}. */
    private static Money portion(Money base, Bracket bracket) {
        Money from = Money.of(bracket.from());
        if (base.compareTo(from) <= 0) {
            return Money.ZERO;
        }
        Money top = bracket.to() == null ? base : base.min(Money.of(bracket.to()));
        return top.minus(from);
    }

    /** The first failed condition's reason code, or null when all hold. Order is part of the contract. */
    private static String failure(Eligibility e, Subject s, Money base) {
        if (!s.policyInForce()) {
            return "policy-not-in-force";
        }
        if (Boolean.TRUE.equals(e.pilotEnterprise()) && !s.pilotEnterprise()) {
            return "not-pilot-enterprise";
        }
        if (!e.tracks().isEmpty() && (s.track() == null || !e.tracks().contains(s.track()))) {
            return "track-not-covered";
        }
        if (!e.industries().isEmpty() && (s.industry() == null || !e.industries().contains(s.industry()))) {
            return "industry-not-covered";
        }
        if (!e.scales().isEmpty() && (s.scale() == null || !e.scales().contains(s.scale()))) {
            return "scale-not-covered";
        }
        if (e.minLevel() != null || !e.levels().isEmpty()) {
            if (s.level() == null) {
                return "level-not-assessed";
            }
            int lowest = e.minLevel() != null ? e.minLevel() : Collections.min(e.levels());
            if (s.level() < lowest) {
                return "level-too-low";
            }
            if (!e.levels().isEmpty() && !e.levels().contains(s.level())) {
                return "level-not-covered";
            }
        }
        if (Boolean.TRUE.equals(e.taskCompleted()) && !s.taskCompleted()) {
            return "task-not-completed";
        }
        if (Boolean.TRUE.equals(e.acceptancePassed()) && !s.acceptancePassed()) {
            return "acceptance-not-passed";
        }
        if (e.minInvestment() != null && base.compareTo(Money.of(e.minInvestment())) < 0) {
            return "investment-below-minimum";
        }
        if (e.minTotalInvestment() != null && (s.totalInvestment() == null
                || s.totalInvestment().compareTo(e.minTotalInvestment()) < 0)) {
            return "investment-below-minimum";
        }
        if (Boolean.TRUE.equals(e.chainCaseRecognised()) && !s.chainCaseRecognised()) {
            return "chain-case-not-recognised";
        }
        return null;
    }
}
