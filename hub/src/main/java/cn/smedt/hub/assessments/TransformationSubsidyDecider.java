package cn.smedt.hub.assessments;

import cn.smedt.hub.delivery.Deliveries;
import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.ledger.SubsidyLedger;
import cn.smedt.hub.loans.SubsidyDecisions;
import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import cn.smedt.hub.messaging.WaitingQueueRouteConfiguration;
import cn.smedt.hub.policy.Policy;
import cn.smedt.hub.projects.Project;
import cn.smedt.hub.projects.Projects;
import java.math.BigDecimal;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides the subsidies of one passed acceptance: the county's policy (engine) on the acceptance's spend, track and
 * level, one decision per kind (TRANSFORMATION, DIAGNOSIS), each through the per-enterprise cap of the
 * {@link SubsidyLedger} (stages of one project add up under one cap), stored with the policy id and version and
 * planned for delivery (outbox rows of the decision's transaction). Idempotent per acceptance: a redelivered message
 * returns the decisions still to deliver.
 * <p>
 * An acceptance that is a stage of a project ({@link Projects}) is decided over the whole project: the policy on the
 * cumulative spend of the project's passed stages (and its diagnosis cost) gives the project's entitlement so far,
 * per kind; the per-project ledger account ({@code PROJECT-<kind>}, keyed by the project id) tops the project up to
 * it ({@link SubsidyLedger#topUp}), and what this stage gets from that goes through the per-enterprise cap as before.
 * So brackets, per-project caps and one-time rewards apply once per project, however it was split into stages.
 * <p>
 * Its input is the durable queue {@value #QUEUE} (body: acceptance record id): an acceptance's message is
 * {@link #requestDecision written} through the {@link Outbox} with the acceptance and relayed after the commit; the
 * route {@link DecisionRoute} takes it to {@link #decide}.
 */
@Component
public class TransformationSubsidyDecider {

    /** The durable queue of passed acceptances waiting for their decisions (body: acceptance record id). */
    static final String QUEUE = "jms:queue:assessments.acceptances";
    private static final Logger LOG = LoggerFactory.getLogger(TransformationSubsidyDecider.class);

    private final AcceptanceRepository acceptances;
    private final EnterpriseRegistry enterprises;
    private final TransformationPolicy policy;
    private final SubsidyLedger ledger;
    private final Deliveries deliveries;
    private final ObjectMapper json;
    private final Outbox outbox;
    private final Projects projects;
    private final Clock clock;

    TransformationSubsidyDecider(AcceptanceRepository acceptances, EnterpriseRegistry enterprises,
                                 TransformationPolicy policy, SubsidyLedger ledger, Deliveries deliveries,
                                 ObjectMapper json, Outbox outbox, Projects projects, Clock clock) {
        this.projects = projects;
        this.outbox = outbox;
        this.acceptances = acceptances;
        this.enterprises = enterprises;
        this.policy = policy;
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    /** Ids of the decisions that have deliveries to make (empty when there is nothing to deliver). */
    @Transactional
    public List<String> decide(@Body String recordId) {
        Acceptance acceptance = acceptances.acceptance(recordId).orElse(null);
        if (acceptance == null) {
            LOG.warn("acceptance {} not found; its transaction was rolled back", recordId);
            return List.of();
        }
        if (!acceptance.passed()) {
            return List.of();
        }
        List<TransformationDecision> earlier = acceptances.decisionsOf(recordId);
        if (!earlier.isEmpty()) {
            // redelivered: decided before; deliveries not yet made are in the outbox (its sweep re-sends a lost one)
            return earlier.stream().map(TransformationDecision::decisionId).filter(deliveries::pending).toList();
        }
        Enterprise enterprise = enterprises.find(acceptance.uscc()).orElseThrow(() -> new AcceptanceDecisionException(
                "enterprise " + acceptance.uscc() + " of acceptance " + recordId + " is no longer registered"));
        // the version of the policy in force on the acceptance date decides, and is recorded with the decision
        Policy used = policy.policyFor(acceptance.regionCode()).orElseThrow(() -> new AcceptanceDecisionException(
                "no transformation subsidy policy covers region " + acceptance.regionCode() + " of acceptance "
                        + recordId)).versionOn(acceptance.acceptedOn());
        Project project = acceptance.projectId() == null ? null : projects.find(acceptance.projectId())
                .orElseThrow(() -> new AcceptanceDecisionException("project " + acceptance.projectId()
                        + " of acceptance " + recordId + " is not stored"));
        List<Acceptance> stages = project == null ? List.of(acceptance) : stagesEndingWith(acceptance);
        List<KindDecision> kinds = project == null ? policy.decide(used, acceptance, enterprise)
                : policy.decideProject(used, stages, project.diagnosisCost(), enterprise);
        List<String> decided = new ArrayList<>();
        for (KindDecision kind : kinds) {
            BigDecimal asked = kind.chosen().granted();
            AcceptanceDecisionDetail.ProjectShare share = null;
            if (project != null) {
                // the project's entitlement so far, less what its earlier stages got (serialised per project)
                Grant topUp = ledger.topUp(project.projectId(), "PROJECT-" + kind.kind().name(), recordId, asked);
                share = new AcceptanceDecisionDetail.ProjectShare(project.projectId(), stages.size(), asked,
                        topUp.grantedTotal().subtract(topUp.granted()));
                asked = topUp.granted();
            }
            Grant grant = ledger.grant(acceptance.uscc(), kind.kind().name(), recordId, asked,
                    kind.perEnterpriseCap());
            TransformationDecision decision = new TransformationDecision(
                    SubsidyDecisions.newDecisionId(), recordId,
                    kind.kind().name(), acceptance.uscc(), acceptance.regionCode(), acceptance.assessorId(),
                    used.id(), used.version(), kind.chosen().ruleId(), asked, grant.granted(),
                    grant.capRemaining(), RuleChoice.reasonOf(kind.chosen(), grant),
                    AcceptanceDecisionDetail.render(json, acceptance, kind, grant, share), clock.instant());
            acceptances.insert(decision);
            deliveries.plan(decision.decisionId(), acceptance.assessorId());
            decided.add(decision.decisionId());
        }
        acceptances.markDecided(recordId);
        if (project != null) {
            projects.stageDecided(project, acceptances.decidedStages(project.projectId()),
                    acceptances.grantedToProject(project.projectId()));
        }
        return decided;
    }

    /**
     * The project's passed stages stored so far, the one being decided last (its level and date decide). A stage
     * stored after this one and not yet decided counts too: the entitlement only grows with spend, and the ledger
     * tops the project up to the largest one asked, so the stages add up to the entitlement of all of them.
     */
    private List<Acceptance> stagesEndingWith(Acceptance acceptance) {
        List<Acceptance> stages = new ArrayList<>();
        for (Acceptance stage : acceptances.passedOfProject(acceptance.projectId())) {
            if (!stage.recordId().equals(acceptance.recordId())) {
                stages.add(stage);
            }
        }
        stages.add(acceptance);
        return stages;
    }

    /** Queues the acceptance for its decisions, in the acceptance's transaction. */
    void requestDecision(String recordId) {
        outbox.write(Outbox.Message.work(QUEUE, recordId));
    }

    /** From the queue to the decisions, in the message's JMS transaction. */
    @Component
    static class DecisionRoute extends RouteBuilder {

        @Override
        public void configure() {
            from(QUEUE).routeId("decideTransformationSubsidy")
                    // a lost race for the record's decision is run again at once; any other failure: queued work
                    .routeConfigurationId(WaitingQueueRouteConfiguration.ID + "," + QueuedWorkRouteConfiguration.ID)
                    .bean(Outbox.class, "attempt")
                    // the decisions' deliveries are written with them (outbox) and queued once they commit
                    .bean(TransformationSubsidyDecider.class, "decide")
                    .bean(Outbox.class, "done");
        }
    }
}
