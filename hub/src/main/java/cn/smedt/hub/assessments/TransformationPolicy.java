package cn.smedt.hub.assessments;

import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.policy.Caps;
import cn.smedt.hub.policy.EnterpriseScale;
import cn.smedt.hub.policy.Policy;
import cn.smedt.hub.policy.PolicyEngine;
import cn.smedt.hub.policy.PolicyPacks;
import cn.smedt.hub.policy.PolicyRule;
import cn.smedt.hub.policy.RuleKind;
import cn.smedt.hub.policy.SubsidyDecision;
import cn.smedt.hub.policy.TransformationFacts;
import cn.smedt.hub.regions.RegionDirectory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The transformation subsidy policy of a county, as the acceptance flow needs it: which pack's policy decides (the
 * county's, else the nearest ancestor's with TRANSFORMATION or DIAGNOSIS rules), the facts of an acceptance, and
 * the engine's answer collapsed to one decision per kind. The arithmetic is the engine's, never repeated here.
 */
@Component
class TransformationPolicy {

    private final PolicyPacks packs;
    private final RegionDirectory regions;
    private final PolicyEngine engine;

    TransformationPolicy(PolicyPacks packs, RegionDirectory regions, PolicyEngine engine) {
        this.packs = packs;
        this.regions = regions;
        this.engine = engine;
    }

    /** The policy with transformation or diagnosis rules nearest to the region (county, then city, province). */
    Optional<Policy> policyFor(String regionCode) {
        return packs.nearest(regionCode, regions, Policy::decidesTransformation);
    }

    /** One decision per kind the policy has (in the order its rules first name them). */
    List<KindDecision> decide(Policy policy, Acceptance acceptance, Enterprise enterprise) {
        return byKind(policy, engine.decide(policy, facts(acceptance, enterprise)));
    }

    /**
     * One decision per kind for a project over its passed stages (the one being decided last): the engine's answer
     * on the project's cumulative spend ({@link PolicyEngine#decideProject}), i.e. what the project is entitled to
     * so far.
     *
     * @param diagnosisCost the diagnosis cost attached to the project, null when none
     */
    List<KindDecision> decideProject(Policy policy, List<Acceptance> stages, BigDecimal diagnosisCost,
                                     Enterprise enterprise) {
        return byKind(policy, engine.decideProject(policy, stages.stream().map(stage -> facts(stage, enterprise))
                .toList(), diagnosisCost));
    }

    private static List<KindDecision> byKind(Policy policy, List<SubsidyDecision> engineDecisions) {
        Map<RuleKind, List<SubsidyDecision>> byKind = new LinkedHashMap<>();
        for (SubsidyDecision decision : engineDecisions) {
            byKind.computeIfAbsent(decision.kind(), kind -> new ArrayList<>()).add(decision);
        }
        List<KindDecision> out = new ArrayList<>();
        byKind.forEach((kind, decisions) -> {
            SubsidyDecision chosen = RuleChoice.best(decisions);
            BigDecimal cap = policy.rule(chosen.ruleId()).map(PolicyRule::caps).map(Caps::perEnterprise)
                    .orElse(null);
            out.add(new KindDecision(kind, chosen, decisions, cap));
        });
        return out;
    }

    /**
     * What the engine is told. A passed acceptance completes the transformation task (完成改造任务) and passes
     * acceptance; the level is the latest one when the acceptance arrived; the declared total investment is the
     * audited spend of all categories.
     */
    static TransformationFacts facts(Acceptance acceptance, Enterprise enterprise) {
        return new TransformationFacts(acceptance.uscc(), enterprise.regionCode(), enterprise.industryCode(),
                scaleOf(enterprise.scale()), acceptance.level(), acceptance.passed(), acceptance.passed(),
                acceptance.totalSpend(), acceptance.spend(), acceptance.providerUscc(), acceptance.acceptedOn(),
                enterprise.pilot(), acceptance.track());
    }

    /** 规上 / 规下 from the registration; size classes (MEDIUM, SMALL, MICRO) say neither. */
    static EnterpriseScale scaleOf(String registered) {
        for (EnterpriseScale scale : EnterpriseScale.values()) {
            if (scale.name().equals(registered)) {
                return scale;
            }
        }
        return null;
    }
}
