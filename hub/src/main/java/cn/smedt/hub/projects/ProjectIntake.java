package cn.smedt.hub.projects;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.api.model.ProjectContract;
import cn.smedt.api.model.ProjectDiagnosis;
import cn.smedt.api.model.ProjectRegistration;
import cn.smedt.api.model.ProjectStageStart;
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
import cn.smedt.hub.kernel.ServiceProviderLookup;
import cn.smedt.hub.policy.Policy;
import cn.smedt.hub.policy.PolicyPacks;
import cn.smedt.hub.regions.Region;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.storage.RaceFreeWrites;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transformation projects (projects.yaml: registerProject, getProject, listProjects, recordProjectDiagnosis,
 * recordProjectContract, recordProjectStage). Government office platforms register a project of an enterprise of
 * their regions and attach its diagnosis, contract and stage starts; each fact moves the status forward
 * ({@link ProjectStatus}). Whether the enterprise may have a second project is its county policy's
 * ({@link cn.smedt.hub.policy.ProjectRules}); a refused second project is also held by a unique column, so two
 * registrations racing each other cannot both be stored.
 */
@Component
public class ProjectIntake {

    /** Projects per page when the partner names no limit. */
    static final int DEFAULT_LIMIT = 100;

    private final ProjectRepository projects;
    private final PolicyPacks packs;
    private final RegionDirectory regions;
    private final ServiceProviderLookup providers;
    private final RaceFreeWrites writes;
    private final Clock clock;

    ProjectIntake(ProjectRepository projects, PolicyPacks packs, RegionDirectory regions,
                  ServiceProviderLookup providers, RaceFreeWrites writes, Clock clock) {
        this.projects = projects;
        this.packs = packs;
        this.regions = regions;
        this.providers = providers;
        this.writes = writes;
        this.clock = clock;
    }

    @Transactional
    @PartnerOperation("registerProject")
    public ApiReply register(PartnerRequest request) {
        Partner office = requireGovernment(request.partner());
        RegisteredEnterprise enterprise = request.pilotEnterprise();
        ProjectRegistration body = request.body(ProjectRegistration.class);
        List<String> common = body.getScenarios().getCommon();
        List<String> specific = body.getScenarios().getSpecific() == null ? List.of()
                : body.getScenarios().getSpecific();
        requireDistinctScenarios(common, specific);
        Policy policy = packs.nearest(enterprise.regionCode(), regions, Policy::decidesTransformation)
                .orElseThrow(() -> ProblemException.field(ProblemCode.NO_SUBSIDY_POLICY, "/uscc", "no transformation"
                        + " subsidy policy covers region " + enterprise.regionCode() + " of enterprise "
                        + enterprise.uscc()));
        String track = body.getTrack();
        if (track != null && !policy.transformationTracks().contains(track)) {
            throw ProblemException.field(ProblemCode.TRACK_UNKNOWN, "/track", "policy " + policy.id() + " names no"
                    + " track '" + track + "'; its tracks: " + policy.transformationTracks());
        }
        Project submitted = new Project(RecordRegions.newRecordId("PJ", enterprise.regionCode()),
                body.getProjectRef(), office.id(), enterprise.uscc(), enterprise.regionCode(), track,
                body.getPlannedStages(), common, specific, ProjectStatus.SELECTED, null, null, List.of(),
                clock.instant());
        var existing = projects.ofPartner(office.id(), submitted.projectRef());
        if (existing.isEmpty()) {
            boolean secondAllowed = policy.projects().secondProjectAllowed();
            List<Project> others = secondAllowed ? List.of() : projects.ofEnterprise(enterprise.uscc());
            // the same registration, committed by a concurrent request since the look-up above, is no second project
            existing = others.stream().filter(p -> p.registeredBy().equals(office.id())
                    && p.projectRef().equals(submitted.projectRef())).findFirst();
            if (existing.isEmpty()) {
                if (!others.isEmpty()) {
                    throw secondProjectRefused(policy, enterprise);
                }
                if (writes.insertIfAbsent(() -> projects.insert(submitted, secondAllowed ? null
                        : enterprise.uscc()))) {
                    return ApiReply.created(view(submitted));
                }
                // lost a race: the same registration stored by a concurrent request, or another project of the
                // enterprise (unique sole_project_of)
                existing = projects.ofPartner(office.id(), submitted.projectRef());
                if (existing.isEmpty()) {
                    throw secondProjectRefused(policy, enterprise);
                }
            }
        }
        if (!existing.get().sameRegistrationAs(submitted)) {
            throw ProblemException.field(ProblemCode.PROJECT_CONFLICT, "/projectRef", "project "
                    + submitted.projectRef() + " was registered before with other data as "
                    + existing.get().projectId());
        }
        return ApiReply.ok(view(existing.get()));
    }

    /** The project with its stages (attached acceptances) and what they were granted. */
    @PartnerOperation("getProject")
    public ApiReply get(PartnerRequest request) {
        Project project = visible(request.pathParam("projectId"), request.partner());
        List<Map<String, Object>> stages = projects.stages(project.projectId());
        BigDecimal granted = stages.stream().map(stage -> new BigDecimal((String) stage.get("granted")))
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("project", view(project));
        view.put("stages", stages);
        view.put("granted", granted.toPlainString());
        return ApiReply.ok(view);
    }

    @PartnerOperation("listProjects")
    public ApiReply list(PartnerRequest request) {
        Partner partner = requireGovernment(request.partner());
        String regionCode = request.queryParam("regionCode");
        Collection<String> within = partner.regions();
        if (regionCode != null) {
            Region region = regions.find(regionCode).orElseThrow(() -> ProblemException.field(
                    ProblemCode.REGION_UNKNOWN, "#/query/regionCode", "region code '" + regionCode
                            + "' is not a known GB/T 2260 division or hub zone id"));
            if (!regions.withinAny(region.code(), partner.regions())) {
                throw ProblemException.field(ProblemCode.REGION_DENIED, "#/query/regionCode", "partner "
                        + partner.id() + " may act in " + partner.regions() + ", not in region " + regionCode);
            }
            within = Set.of(regionCode);
        }
        Collection<String> scope = within;
        List<String> codes = regions.all().stream().map(Region::code).filter(code -> regions.withinAny(code, scope))
                .toList();
        String statusParam = request.queryParam("status");
        ProjectStatus status = statusParam == null ? null : ProjectStatus.valueOf(statusParam);
        String limitParam = request.queryParam("limit");
        String offsetParam = request.queryParam("offset");
        int limit = limitParam == null ? DEFAULT_LIMIT : Integer.parseInt(limitParam);
        int offset = offsetParam == null ? 0 : Integer.parseInt(offsetParam);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", projects.count(codes, status));
        page.put("offset", offset);
        page.put("limit", limit);
        page.put("items", projects.page(codes, status, limit, offset).stream().map(ProjectIntake::view).toList());
        return ApiReply.ok(page);
    }

    @Transactional
    @PartnerOperation("recordProjectDiagnosis")
    public ApiReply diagnosis(PartnerRequest request) {
        Project project = visible(request.pathParam("projectId"), requireGovernment(request.partner()));
        ProjectDiagnosis body = request.body(ProjectDiagnosis.class);
        requireProvider(body.getProviderUscc(), "/providerUscc");
        Project.Diagnosis diagnosis = new Project.Diagnosis(body.getProviderUscc(),
                new BigDecimal(body.getCost()).setScale(2), body.getReportedOn());
        return recorded(project, projects.setDiagnosis(project.projectId(), diagnosis),
                stored -> stored.diagnosis().same(diagnosis), "/providerUscc", "another diagnosis",
                ProjectStatus.DIAGNOSED);
    }

    @Transactional
    @PartnerOperation("recordProjectContract")
    public ApiReply contract(PartnerRequest request) {
        Project project = visible(request.pathParam("projectId"), requireGovernment(request.partner()));
        ProjectContract body = request.body(ProjectContract.class);
        List<String> contracted = body.getProviders();
        List<String> pointers = new ArrayList<>();
        for (int i = 0; i < contracted.size(); i++) {
            pointers.add("/providers/" + i);
        }
        requireDistinct(contracted, pointers, "provider");
        for (int i = 0; i < contracted.size(); i++) {
            requireProvider(contracted.get(i), pointers.get(i));
        }
        Project.Contract contract = new Project.Contract(contracted, new BigDecimal(body.getAmount()).setScale(2),
                body.getSignedOn());
        return recorded(project, projects.setContract(project.projectId(), contract),
                stored -> stored.contract().same(contract), "/providers", "another contract",
                ProjectStatus.CONTRACTED);
    }

    @Transactional
    @PartnerOperation("recordProjectStage")
    public ApiReply stage(PartnerRequest request) {
        Project project = visible(request.pathParam("projectId"), requireGovernment(request.partner()));
        ProjectStageStart body = request.body(ProjectStageStart.class);
        Project.StageStart start = new Project.StageStart(body.getStage(), body.getStartedOn());
        if (start.stage() > project.plannedStages()) {
            throw ProblemException.field(ProblemCode.PROJECT_STAGE_INVALID, "/stage", "project "
                    + project.projectId() + " has " + project.plannedStages() + " planned stages, not "
                    + start.stage());
        }
        return recorded(project, writes.insertIfAbsent(() -> projects.insertStageStart(project.projectId(), start,
                        clock.instant())), stored -> stored.stagesStarted().contains(start), "/startedOn",
                "another start date of stage " + start.stage(), ProjectStatus.IMPLEMENTING);
    }

    /**
     * A fact recorded (or found recorded before): the same fact stored earlier is fine, another one is
     * {@code project-fact-conflict} at {@code pointer}; then the status moves forward and the project is answered.
     *
     * @param stored whether this request stored the fact (false: one was stored before)
     * @param same   whether the stored project holds this same fact
     */
    private ApiReply recorded(Project project, boolean stored, java.util.function.Predicate<Project> same,
                              String pointer, String other, ProjectStatus status) {
        if (!stored && !same.test(projects.project(project.projectId()).orElseThrow())) {
            throw ProblemException.field(ProblemCode.PROJECT_FACT_CONFLICT, pointer, "project " + project.projectId()
                    + " has " + other);
        }
        projects.advance(project.projectId(), status);
        return ApiReply.ok(view(projects.project(project.projectId()).orElseThrow()));
    }

    /** The project's contract shape (projects.yaml Project). */
    static Map<String, Object> view(Project p) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("projectId", p.projectId());
        node.put("projectRef", p.projectRef());
        node.put("uscc", p.uscc());
        node.put("regionCode", p.regionCode());
        if (p.track() != null) {
            node.put("track", p.track());
        }
        node.put("plannedStages", p.plannedStages());
        Map<String, Object> scenarios = new LinkedHashMap<>();
        scenarios.put("common", p.common());
        scenarios.put("specific", p.specific());
        node.put("scenarios", scenarios);
        node.put("status", p.status().name());
        if (p.diagnosis() != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("providerUscc", p.diagnosis().providerUscc());
            d.put("cost", p.diagnosis().cost().toPlainString());
            d.put("reportedOn", p.diagnosis().reportedOn().toString());
            node.put("diagnosis", d);
        }
        if (p.contract() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("providers", p.contract().providers());
            c.put("amount", p.contract().amount().toPlainString());
            c.put("signedOn", p.contract().signedOn().toString());
            node.put("contract", c);
        }
        List<Map<String, Object>> starts = new ArrayList<>();
        for (Project.StageStart s : p.stagesStarted()) {
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("stage", s.stage());
            start.put("startedOn", s.startedOn().toString());
            starts.add(start);
        }
        node.put("stagesStarted", starts);
        node.put("registeredBy", p.registeredBy());
        node.put("registeredAt", p.registeredAt().toString());
        return node;
    }

    private Project visible(String projectId, Partner partner) {
        return projects.project(projectId)
                .filter(found -> partner.type() == PartnerType.GOVERNMENT
                        && regions.withinAny(found.regionCode(), partner.regions()))
                .orElseThrow(() -> new ProblemException(ProblemCode.PROJECT_NOT_FOUND, "no project " + projectId
                        + " visible to " + partner.id()));
    }

    private void requireProvider(String uscc, String pointer) {
        String problem = Uscc.problem(uscc);
        if (problem != null) {
            throw ProblemException.field(ProblemCode.USCC_INVALID, pointer, "USCC '" + uscc + "': " + problem);
        }
        if (!providers.isRegistered(uscc)) {
            throw ProblemException.field(ProblemCode.PROVIDER_NOT_FOUND, pointer, "no service provider " + uscc
                    + " is registered in the resource pool (registerServiceProvider)");
        }
    }

    /** A scenario is chosen once, as N or as X. */
    private static void requireDistinctScenarios(List<String> common, List<String> specific) {
        List<String> all = new ArrayList<>(common);
        all.addAll(specific);
        List<String> pointers = new ArrayList<>();
        for (int i = 0; i < common.size(); i++) {
            pointers.add("/scenarios/common/" + i);
        }
        for (int i = 0; i < specific.size(); i++) {
            pointers.add("/scenarios/specific/" + i);
        }
        requireDistinct(all, pointers, "scenario");
    }

    /** Each value once: a repeat is {@code validation-failed} with {@code field-duplicate} at its pointer. */
    private static void requireDistinct(List<String> values, List<String> pointers, String what) {
        Map<String, String> firstAt = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String first = firstAt.putIfAbsent(values.get(i), pointers.get(i));
            if (first != null) {
                errors.add(new FieldError("field-duplicate", pointers.get(i), what + " " + values.get(i)
                        + " is already listed at " + first));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, errors.get(0).detail(), errors);
        }
    }

    private static ProblemException secondProjectRefused(Policy policy, RegisteredEnterprise enterprise) {
        return ProblemException.field(ProblemCode.PROJECT_NOT_ALLOWED, "/uscc", "enterprise " + enterprise.uscc()
                + " has a project already and policy " + policy.id() + " (" + policy.projects().clause()
                + ") allows no second one");
    }

    private static Partner requireGovernment(Partner partner) {
        return partner.requireType(PartnerType.GOVERNMENT, "only government office platforms manage"
                + " transformation projects");
    }
}
