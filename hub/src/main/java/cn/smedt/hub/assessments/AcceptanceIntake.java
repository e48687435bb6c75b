package cn.smedt.hub.assessments;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.api.model.AcceptanceSubmission;
import cn.smedt.api.model.AcceptanceSubmissionSpendInner;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.FieldError;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RecordRegions;
import cn.smedt.hub.kernel.RegisteredEnterprise;
import cn.smedt.hub.policy.SpendCategory;
import cn.smedt.hub.projects.Project;
import cn.smedt.hub.projects.Projects;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.storage.RaceFreeWrites;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Acceptance (验收) results with the audited spend (operations submitAcceptance, getAcceptance). A passed acceptance
 * is stored with the enterprise's latest level at that moment and its decision message in the
 * {@link cn.smedt.hub.messaging.Outbox}, queued once the transaction commits ({@link TransformationSubsidyDecider});
 * one whose message was lost, or is stranded on a node that died, is queued again by the outbox's sweep. A failed
 * acceptance is recorded and never decided.
 * <p>
 * An acceptance is a stage of a transformation project ({@link Projects}): the one its {@code projectId} names (the
 * enterprise's, of the acceptance's track: an acceptance without a track takes the project's), else the enterprise's
 * single open project of its track, else none (its own one-stage project, decided alone). Its arrival moves the
 * project to IMPLEMENTING, or ACCEPTED once as many stages passed as were planned.
 */
@Component
public class AcceptanceIntake {

    private final AcceptanceRepository acceptances;
    private final AssessmentRepository assessments;
    private final AssessorGate gate;
    private final TransformationPolicy policy;
    private final TransformationSubsidyDecider decider;
    private final RegionDirectory regions;
    private final ObjectMapper json;
    private final RaceFreeWrites writes;
    private final Projects projects;
    private final Clock clock;

    AcceptanceIntake(AcceptanceRepository acceptances, AssessmentRepository assessments, AssessorGate gate,
                     TransformationPolicy policy, TransformationSubsidyDecider decider, RegionDirectory regions, ObjectMapper json,
                     RaceFreeWrites writes, Projects projects, Clock clock) {
        this.writes = writes;
        this.projects = projects;
        this.acceptances = acceptances;
        this.assessments = assessments;
        this.gate = gate;
        this.policy = policy;
        this.decider = decider;
        this.regions = regions;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    @PartnerOperation("submitAcceptance")
    public ApiReply submitAcceptance(PartnerRequest request) {
        Partner assessor = request.partner();
        gate.requireAssessor(assessor);
        RegisteredEnterprise enterprise = request.pilotEnterprise();
        AcceptanceSubmission body = request.body(AcceptanceSubmission.class);
        LocalDate acceptedOn = body.getAcceptedOn();
        gate.requireQualifiedOn(assessor, acceptedOn, "/acceptedOn");
        String provider = body.getServiceProviderUscc();
        if (provider != null && Uscc.problem(provider) != null) {
            throw ProblemException.field(ProblemCode.USCC_INVALID, "/serviceProviderUscc", "USCC '" + provider
                    + "': " + Uscc.problem(provider));
        }
        Map<SpendCategory, BigDecimal> spend = spend(body.getSpend());
        boolean passed = body.getResult() == AcceptanceSubmission.ResultEnum.PASSED;
        if (passed && policy.policyFor(enterprise.regionCode()).isEmpty()) {
            throw ProblemException.field(ProblemCode.NO_SUBSIDY_POLICY, "/uscc", "no transformation subsidy policy"
                    + " covers region " + enterprise.regionCode() + " of enterprise " + enterprise.uscc());
        }
        var level = assessments.latest(enterprise.uscc());
        Project project = projectOf(body.getProjectId(), enterprise.uscc(), body.getTrack());
        String track = body.getTrack() != null || project == null ? body.getTrack() : project.track();
        Acceptance submitted = new Acceptance(RecordRegions.newRecordId("AC", enterprise.regionCode()),
                assessor.id(), body.getAcceptanceId(), enterprise.uscc(), enterprise.regionCode(),
                acceptedOn, passed, track, provider, spend,
                level.map(Assessment::level).orElse(null), level.map(Assessment::recordId).orElse(null),
                passed ? Acceptance.RECEIVED : Acceptance.NOT_PASSED, clock.instant(),
                project == null ? null : project.projectId());
        var existing = acceptances.ofAssessor(assessor.id(), submitted.acceptanceId());
        if (existing.isEmpty()) {
            // or the same acceptance was submitted concurrently and won
            existing = writes.insertOrFind(() -> acceptances.insert(submitted),
                    () -> acceptances.ofAssessor(assessor.id(), submitted.acceptanceId()),
                    "acceptance " + submitted.acceptanceId());
        }
        if (existing.isPresent()) {
            if (!existing.get().sameDataAs(submitted) || body.getProjectId() != null
                    && !body.getProjectId().equals(existing.get().projectId())) {
                throw ProblemException.field(ProblemCode.ACCEPTANCE_CONFLICT, "/acceptanceId", "acceptance "
                        + submitted.acceptanceId() + " was submitted before with other data as "
                        + existing.get().recordId());
            }
            return ApiReply.ok(accepted(existing.get().recordId(), existing.get().status()));
        }
        if (project != null) {
            projects.acceptanceArrived(project, acceptances.passedStages(project.projectId()));
        }
        if (passed) {
            // its message is written with it (outbox) and queued once this transaction commits
            decider.requestDecision(submitted.recordId());
        }
        return ApiReply.accepted(accepted(submitted.recordId(), submitted.status()));
    }

    /**
     * The project the acceptance is a stage of: the named one (the enterprise's, else project-not-found; of the same
     * track when the acceptance names one, else project-mismatch), else the enterprise's single open project of the
     * track, else null.
     */
    private Project projectOf(String projectId, String uscc, String track) {
        if (projectId == null) {
            return projects.singleOpen(uscc, track).orElse(null);
        }
        Project project = projects.find(projectId).filter(found -> found.uscc().equals(uscc))
                .orElseThrow(() -> ProblemException.field(ProblemCode.PROJECT_NOT_FOUND, "/projectId", "enterprise "
                        + uscc + " has no project " + projectId));
        if (track != null && !track.equals(project.track())) {
            throw ProblemException.field(ProblemCode.PROJECT_MISMATCH, "/track", "project " + projectId
                    + " is of track " + project.track() + ", not " + track);
        }
        return project;
    }

    /** The acceptance with its decisions, for the assessor that submitted it or a government partner over it. */
    @PartnerOperation("getAcceptance")
    public ApiReply getAcceptance(PartnerRequest request) {
        String recordId = request.pathParam("recordId");
        Partner partner = request.partner();
        Acceptance acceptance = acceptances.acceptance(recordId)
                .filter(found -> found.assessorId().equals(partner.id())
                        || partner.type() == PartnerType.GOVERNMENT
                        && regions.withinAny(found.regionCode(), partner.regions()))
                .orElseThrow(() -> new ProblemException(ProblemCode.ACCEPTANCE_NOT_FOUND,
                        "no acceptance " + recordId + " visible to " + partner.id()));
        ObjectNode view = json.createObjectNode();
        view.set("acceptance", view(acceptance));
        ArrayNode decisions = view.putArray("decisions");
        // detail is written as the stored DecisionDetail object (@JsonRawValue), as in getLoan and deliveries
        acceptances.decisionsOf(recordId).forEach(decision -> decisions.addPOJO(decision));
        return ApiReply.ok(view);
    }

    private ObjectNode view(Acceptance a) {
        ObjectNode node = json.createObjectNode();
        node.put("recordId", a.recordId());
        node.put("acceptanceId", a.acceptanceId());
        node.put("assessorId", a.assessorId());
        node.put("uscc", a.uscc());
        node.put("regionCode", a.regionCode());
        node.put("acceptedOn", a.acceptedOn().toString());
        node.put("result", a.outcome());
        if (a.track() != null) {
            node.put("track", a.track());
        }
        if (a.providerUscc() != null) {
            node.put("serviceProviderUscc", a.providerUscc());
        }
        ObjectNode spend = node.putObject("spend");
        a.spend().forEach((category, amount) -> spend.put(category.yamlName(), amount.toPlainString()));
        if (a.level() != null) {
            node.put("level", a.level());
            node.put("levelRecordId", a.levelRecordId());
        }
        node.put("status", a.status());
        node.put("receivedAt", a.receivedAt().toString());
        if (a.projectId() != null) {
            node.put("projectId", a.projectId());
        }
        return node;
    }

    /** Spend per category; a category listed twice is refused (the assessor must sum it). */
    private static Map<SpendCategory, BigDecimal> spend(List<AcceptanceSubmissionSpendInner> array) {
        Map<SpendCategory, BigDecimal> spend = new EnumMap<>(SpendCategory.class);
        Map<SpendCategory, Integer> firstAt = new EnumMap<>(SpendCategory.class);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String name = array.get(i).getCategory().getValue();
            SpendCategory category = SpendCategory.fromYamlName(name).orElseThrow(() -> ProblemException.field(
                    ProblemCode.VALIDATION_FAILED, "/spend", "unknown spend category " + name));
            Integer first = firstAt.putIfAbsent(category, i);
            if (first != null) {
                errors.add(new FieldError("field-duplicate", "/spend/" + i + "/category", "category " + name
                        + " is already listed at /spend/" + first + "; give one amount per category"));
                continue;
            }
            spend.put(category, new BigDecimal(array.get(i).getAmount()).setScale(2));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, errors.get(0).detail(), errors);
        }
        return spend;
    }

    private static Map<String, String> accepted(String recordId, String status) {
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("recordId", recordId);
        reply.put("status", status);
        return reply;
    }
}
