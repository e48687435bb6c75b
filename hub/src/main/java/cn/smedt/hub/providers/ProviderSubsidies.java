package cn.smedt.hub.providers;

import cn.smedt.api.model.DecisionDetail;
import cn.smedt.api.model.DecisionLedgerDetail;
import cn.smedt.hub.assessments.RuleChoice;
import cn.smedt.hub.delivery.Deliveries;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.ledger.SubsidyLedger;
import cn.smedt.hub.loans.SubsidyDecisionRecord;
import cn.smedt.hub.loans.SubsidyDecisions;
import cn.smedt.hub.policy.Caps;
import cn.smedt.hub.policy.ChainCaseFacts;
import cn.smedt.hub.policy.Policy;
import cn.smedt.hub.policy.PolicyEngine;
import cn.smedt.hub.policy.PolicyPacks;
import cn.smedt.hub.policy.PolicyRule;
import cn.smedt.hub.policy.ProviderFacts;
import cn.smedt.hub.policy.RuleKind;
import cn.smedt.hub.policy.SubsidyDecision;
import cn.smedt.hub.regions.RegionDirectory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Decides provider subsidies (PROVIDER rules: Zhengzhou 三(三), 5% of the year's service fees once all the provider's
 * tasks are completed, at most 3,000,000 per provider and year) and chain-case support (CHAIN_CASE rules: 三(五), up
 * to 1,000,000 per enterprise) with the {@link PolicyEngine}, the cap through the {@link SubsidyLedger} (ledger kind
 * {@code PROVIDER-<year>} keyed by the provider's USCC: every report of the year adds up under the cap;
 * {@code CHAIN_CASE} keyed by the enterprise), stores the decision (table subsidy_decision) and plans its deliveries
 * (the one outbox), all in the report's transaction. The policy is the nearest pack's (county, city, province),
 * in the version in force on 31 December of the fees' year, or on the date MIIT recognised the case.
 */
@Component
class ProviderSubsidies {

    static final String PROVIDER = "PROVIDER";
    static final String CHAIN_CASE = "CHAIN_CASE";

    private final PolicyPacks packs;
    private final RegionDirectory regions;
    private final PolicyEngine engine;
    private final SubsidyLedger ledger;
    private final SubsidyDecisions decisions;
    private final Deliveries deliveries;
    private final ObjectMapper json;
    private final Clock clock;

    ProviderSubsidies(PolicyPacks packs, RegionDirectory regions, PolicyEngine engine, SubsidyLedger ledger,
                      SubsidyDecisions decisions, Deliveries deliveries, ObjectMapper json, Clock clock) {
        this.packs = packs;
        this.regions = regions;
        this.engine = engine;
        this.ledger = ledger;
        this.decisions = decisions;
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    SubsidyDecisionRecord decideProvider(FeesReport report) {
        Policy policy = policyOf(report.regionCode(), RuleKind.PROVIDER, "/regionCode")
                .versionOn(LocalDate.of(report.year(), 12, 31));
        SubsidyDecision chosen = RuleChoice.best(engine.decideProvider(policy, new ProviderFacts(
                report.providerUscc(), report.regionCode(), report.year(), report.serviceFees(),
                report.allTasksCompleted())));
        BigDecimal cap = cap(policy, chosen, Caps::perProviderPerYear);
        Grant grant = ledger.grant(report.providerUscc(), PROVIDER + "-" + report.year(), report.recordId(),
                chosen.granted(), cap);
        return store(report.recordId(), PROVIDER, report.providerUscc(), report.regionCode(), report.reportedBy(),
                policy, chosen, grant, cap);
    }

    SubsidyDecisionRecord decideChainCase(ChainCase chainCase) {
        Policy policy = policyOf(chainCase.regionCode(), RuleKind.CHAIN_CASE, "/uscc")
                .versionOn(chainCase.recognisedOn());
        SubsidyDecision chosen = RuleChoice.best(engine.decideChainCase(policy, new ChainCaseFacts(chainCase.uscc(),
                chainCase.regionCode(), true, chainCase.recognisedOn())));
        BigDecimal cap = cap(policy, chosen, Caps::perEnterprise);
        Grant grant = ledger.grant(chainCase.uscc(), CHAIN_CASE, chainCase.recordId(), chosen.granted(), cap);
        return store(chainCase.recordId(), CHAIN_CASE, chainCase.uscc(), chainCase.regionCode(),
                chainCase.reportedBy(), policy, chosen, grant, cap);
    }

    private SubsidyDecisionRecord store(String recordId, String kind, String uscc, String regionCode,
                                        String partnerId, Policy policy, SubsidyDecision chosen, Grant grant,
                                        BigDecimal cap) {
        DecisionDetail detail = new DecisionDetail().rule(chosen.ruleDetail())
                .ledger(new DecisionLedgerDetail().perEnterpriseCap(text(cap)).granted(text(grant.granted()))
                        .grantedTotal(text(grant.grantedTotal())).capRemaining(text(grant.capRemaining())));
        detail.setOtherRules(null);
        SubsidyDecisionRecord decision = new SubsidyDecisionRecord(
                SubsidyDecisions.newDecisionId(), recordId, kind, uscc,
                regionCode, null, partnerId, policy.id(), policy.version(), chosen.ruleId(), chosen.granted(),
                grant.granted(), grant.capRemaining(), RuleChoice.reasonOf(chosen, grant), write(detail),
                clock.instant());
        decisions.insert(decision);
        deliveries.plan(decision.decisionId(), partnerId);
        return decision;
    }

    private Policy policyOf(String regionCode, RuleKind kind, String pointer) {
        return packs.forRegion(regionCode, regions).filter(p -> !p.rules(kind).isEmpty())
                .orElseThrow(() -> ProblemException.field(ProblemCode.NO_SUBSIDY_POLICY, pointer, "the policy of"
                        + " region " + regionCode + " has no " + kind + " rule"));
    }

    private static BigDecimal cap(Policy policy, SubsidyDecision chosen, Function<Caps, BigDecimal> which) {
        return policy.rule(chosen.ruleId()).map(PolicyRule::caps).map(which).orElse(null);
    }

    private String write(DecisionDetail detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new ProviderDecisionException("cannot render the decision detail: " + e.getOriginalMessage());
        }
    }

    private static String text(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
