package cn.smedt.simulators.partners;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.sdk.HubProblemException;
import cn.smedt.sdk.HubSdk;
import cn.smedt.sdk.assessments.ServiceProvidersApi;
import cn.smedt.sdk.assessments.model.ServiceProviderRegistration;
import cn.smedt.sdk.client.ApiException;
import cn.smedt.sdk.projects.ProjectFactsApi;
import cn.smedt.sdk.projects.ProjectsApi;
import cn.smedt.sdk.projects.model.Project;
import cn.smedt.sdk.projects.model.ProjectContract;
import cn.smedt.sdk.projects.model.ProjectDiagnosis;
import cn.smedt.sdk.projects.model.ProjectRegistration;
import cn.smedt.sdk.projects.model.ProjectRegistrationScenarios;
import cn.smedt.sdk.projects.model.ProjectStageStart;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The city's programme office (the government platform's project desk): registers two service providers of the
 * resource pool once (a diagnosis provider and an integrator), then for every registered pilot enterprise a
 * transformation project with its "N+X" scenarios, its diagnosis, its contract and the start of its single stage, so
 * that the assessor's acceptance of the enterprise attaches to the project (its single open project) and the project
 * moves on to ACCEPTED and SUBSIDISED. Calls the hub through the partner SDK (registerServiceProvider, registerProject,
 * recordProjectDiagnosis, recordProjectContract, recordProjectStage). The facts are the same on every run (project
 * reference = the enterprise), so a restarted demo reads its stored projects back instead of asking for a second one.
 */
public final class ProjectOfficeSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectOfficeSimulator.class);
    /** County of the two demo providers (巩义市, inside the demo government platform's region 410100). */
    private static final String PROVIDER_COUNTY = "410181";
    private static final LocalDate DIAGNOSED_ON = LocalDate.of(2025, 1, 2);
    private static final LocalDate CONTRACTED_ON = LocalDate.of(2025, 1, 10);
    private static final LocalDate STARTED_ON = LocalDate.of(2025, 1, 20);

    private final ServiceProvidersApi providers;
    private final ProjectsApi projects;
    private final ProjectFactsApi facts;
    private final Supplier<List<DemoEnterprises.Enterprise>> enterprises;
    private final String diagnosisProvider = providerUscc("DG0000001");
    private final String integrator = providerUscc("JC0000001");
    private final Set<String> done = new HashSet<>();
    private boolean providersRegistered;

    public ProjectOfficeSimulator(HubSdk government, Supplier<List<DemoEnterprises.Enterprise>> enterprises) {
        this.providers = government.api(ServiceProvidersApi::new);
        this.projects = government.api(ProjectsApi::new);
        this.facts = government.api(ProjectFactsApi::new);
        this.enterprises = enterprises;
    }

    /** Gives every registered pilot enterprise without one its project; returns how many were handled. */
    public int tick() throws IOException, InterruptedException {
        try {
            if (!providersRegistered) {
                register(diagnosisProvider, "郑州数智诊断咨询有限公司", ServiceProviderRegistration.CategoryEnum.DIAGNOSIS);
                register(integrator, "郑州工业互联网系统集成有限公司", ServiceProviderRegistration.CategoryEnum.INTEGRATOR);
                providersRegistered = true;
            }
            int handled = 0;
            for (DemoEnterprises.Enterprise enterprise : enterprises.get()) {
                if (enterprise.pilot() && done.add(enterprise.uscc())) {
                    project(enterprise);
                    handled++;
                }
            }
            return handled;
        } catch (ApiException e) {
            throw new IOException("project office: " + e.getMessage(), e);
        }
    }

    private void register(String uscc, String name, ServiceProviderRegistration.CategoryEnum category)
            throws ApiException {
        providers.registerServiceProvider(HubSdk.newIdempotencyKey(), new ServiceProviderRegistration().uscc(uscc)
                .name(name).category(category).regionCode(PROVIDER_COUNTY));
    }

    private void project(DemoEnterprises.Enterprise enterprise) throws ApiException {
        ProjectRegistration registration = new ProjectRegistration().projectRef("SIM-PJ-" + enterprise.uscc())
                .uscc(enterprise.uscc()).plannedStages(1).scenarios(new ProjectRegistrationScenarios()
                        .common(List.of("equipment-networking", "production-scheduling"))
                        .specific(List.of("quality-traceability")));
        Project project;
        try {
            project = projects.registerProject(HubSdk.newIdempotencyKey(), registration);
        } catch (HubProblemException refused) {
            LOG.warn("hub refused the project of {}: {}", enterprise.uscc(), refused.body());
            return;
        }
        String id = project.getProjectId();
        facts.recordProjectDiagnosis(id, HubSdk.newIdempotencyKey(), new ProjectDiagnosis()
                .providerUscc(diagnosisProvider).cost("30000.00").reportedOn(DIAGNOSED_ON));
        facts.recordProjectContract(id, HubSdk.newIdempotencyKey(), new ProjectContract()
                .providers(List.of(integrator)).amount("1200000.00").signedOn(CONTRACTED_ON));
        facts.recordProjectStage(id, HubSdk.newIdempotencyKey(), new ProjectStageStart().stage(1)
                .startedOn(STARTED_ON));
    }

    private static String providerUscc(String body) {
        String code = "91" + PROVIDER_COUNTY + body;
        return code + Uscc.checkCharacter(code);
    }
}
