package cn.smedt.hub.assessments;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.api.model.AssessmentSubmission;
import cn.smedt.api.model.AssessmentSubmissionScenariosInner;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.FieldError;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RecordIds;
import cn.smedt.hub.kernel.RegisteredEnterprise;
import cn.smedt.hub.storage.RaceFreeWrites;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Digital-level assessments from qualified assessment bodies (operations submitAssessment, getLevelHistory). An
 * assessment is kept in the enterprise's level history; the latest one (by assessment date) gives the level that
 * later acceptances are decided with.
 */
@Component
public class AssessmentIntake {

    /** The 24 hex digits of an assessment's id (AS...), in the order they are made. */
    private static final RecordIds ASSESSMENT_IDS = new RecordIds(24);

    /** Status of a stored assessment. */
    static final String RECORDED = "RECORDED";

    private final AssessmentRepository assessments;
    private final AssessorGate gate;
    private final EnterpriseRegistry enterprises;
    private final ObjectMapper json;
    private final RaceFreeWrites writes;
    private final Clock clock;

    AssessmentIntake(AssessmentRepository assessments, AssessorGate gate, EnterpriseRegistry enterprises,
                     ObjectMapper json, RaceFreeWrites writes, Clock clock) {
        this.writes = writes;
        this.assessments = assessments;
        this.gate = gate;
        this.enterprises = enterprises;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    @PartnerOperation("submitAssessment")
    public ApiReply submitAssessment(PartnerRequest request) {
        Partner assessor = request.partner();
        gate.requireAssessor(assessor);
        RegisteredEnterprise enterprise = request.pilotEnterprise();
        AssessmentSubmission body = request.body(AssessmentSubmission.class);
        LocalDate assessedOn = body.getAssessedOn();
        gate.requireQualifiedOn(assessor, assessedOn, "/assessedOn");
        ScoreBreakdown scores = ScoreBreakdown.of(body.getScores(), "/scores");
        scores.requireConsistent("/scores");
        Assessment submitted = new Assessment("AS" + ASSESSMENT_IDS.next(),
                assessor.id(), body.getAssessmentId(), enterprise.uscc(), enterprise.regionCode(), assessedOn,
                body.getIndexEdition().getValue(), body.getLevel(), scores, scenarios(body.getScenarios()),
                clock.instant());
        var existing = assessments.ofAssessor(assessor.id(), submitted.assessmentId());
        if (existing.isEmpty()) {
            // or the same assessment was submitted concurrently and won
            existing = writes.insertOrFind(() -> assessments.insert(submitted),
                    () -> assessments.ofAssessor(assessor.id(), submitted.assessmentId()),
                    "assessment " + submitted.assessmentId());
            if (existing.isEmpty()) {
                return ApiReply.accepted(accepted(submitted.recordId()));
            }
        }
        if (!existing.get().sameDataAs(submitted)) {
            throw ProblemException.field(ProblemCode.ASSESSMENT_CONFLICT, "/assessmentId", "assessment "
                    + submitted.assessmentId() + " was submitted before with other data as "
                    + existing.get().recordId());
        }
        return ApiReply.ok(accepted(existing.get().recordId()));
    }

    /** The enterprise's assessments, oldest first, for partners whose regions cover it. */
    @PartnerOperation("getLevelHistory")
    public ApiReply levelHistory(PartnerRequest request) {
        String uscc = request.pathParam("uscc");
        Partner partner = request.partner();
        partner.requireNotBankForEnterpriseData(request.operationId());
        String problem = Uscc.problem(uscc);
        if (problem != null) {
            throw ProblemException.field(ProblemCode.USCC_INVALID, "#/path/uscc", "USCC '" + uscc + "': " + problem);
        }
        enterprises.visibleTo(uscc, partner);
        ArrayNode history = json.createArrayNode();
        assessments.history(uscc).forEach(assessment -> history.add(view(assessment)));
        return ApiReply.ok(history);
    }

    private ObjectNode view(Assessment a) {
        ObjectNode node = json.createObjectNode();
        node.put("recordId", a.recordId());
        node.put("assessmentId", a.assessmentId());
        node.put("assessorId", a.assessorId());
        node.put("uscc", a.uscc());
        node.put("assessedOn", a.assessedOn().toString());
        node.put("indexEdition", a.indexEdition());
        node.put("level", a.level());
        ObjectNode scores = node.putObject("scores");
        ScoreBreakdown s = a.scores();
        scores.put("equipmentAndSystems", s.equipmentAndSystems());
        scores.put("dataCollection", s.dataCollection());
        scores.put("informationSystems", s.informationSystems());
        scores.put("security", s.security());
        scores.put("management", s.management());
        scores.put("effect", s.effect());
        scores.put("total", s.total());
        ArrayNode scenarios = node.putArray("scenarios");
        a.scenarios().forEach(r -> scenarios.addObject().put("scenario", r.scenario()).put("rating", r.rating()));
        node.put("receivedAt", a.receivedAt().toString());
        return node;
    }

    /** The scenario ratings; a scenario rated twice is refused (which rating would count?). */
    private static List<ScenarioRating> scenarios(List<AssessmentSubmissionScenariosInner> array) {
        List<ScenarioRating> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String scenario = array.get(i).getScenario();
            Integer first = seen.putIfAbsent(scenario, i);
            if (first != null) {
                errors.add(new FieldError("field-duplicate", "/scenarios/" + i + "/scenario", "scenario " + scenario
                        + " is already rated at /scenarios/" + first));
            }
            out.add(new ScenarioRating(scenario, array.get(i).getRating()));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, errors.get(0).detail(), errors);
        }
        return out;
    }

    private static Map<String, String> accepted(String recordId) {
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("recordId", recordId);
        reply.put("status", RECORDED);
        return reply;
    }
}
