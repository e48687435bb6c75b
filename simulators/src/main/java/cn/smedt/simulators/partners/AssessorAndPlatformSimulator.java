package cn.smedt.simulators.partners;

import cn.smedt.sdk.HubProblemException;
import cn.smedt.sdk.HubSdk;
import cn.smedt.sdk.assessments.AcceptancesApi;
import cn.smedt.sdk.assessments.AssessmentsApi;
import cn.smedt.sdk.assessments.model.AcceptanceSubmission;
import cn.smedt.sdk.assessments.model.AcceptanceSubmissionSpendInner;
import cn.smedt.sdk.assessments.model.AcceptanceSubmissionSpendInner.CategoryEnum;
import cn.smedt.sdk.assessments.model.AssessmentSubmission;
import cn.smedt.sdk.assessments.model.ScoreBreakdown;
import cn.smedt.sdk.client.ApiException;
import cn.smedt.sdk.cloudadoption.CloudAdoptionApi;
import cn.smedt.sdk.cloudadoption.model.CloudAdoptionReport;
import cn.smedt.sdk.cloudadoption.model.CloudAdoptionReportSaasAppsInner;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A third-party assessment body and an industrial internet platform working through the registered pilot
 * enterprises, one enterprise per tick: the assessor submits a MIIT 2024 assessment (level 1-3, parts adding up to the
 * total) and, for level 2 and above, a PASSED acceptance with its spend; the platform reports the enterprise's cloud
 * adoption (SaaS apps, payment mode, devices connected). Calls the hub through the partner SDK (operations
 * submitAssessment, submitAcceptance, submitCloudAdoption); a refusal is logged and the next record sent.
 */
public final class AssessorAndPlatformSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(AssessorAndPlatformSimulator.class);
    private static final CloudAdoptionReport.PaymentModeEnum[] MODES = {CloudAdoptionReport.PaymentModeEnum.ONE_OFF,
        CloudAdoptionReport.PaymentModeEnum.PER_USE, CloudAdoptionReport.PaymentModeEnum.PER_OUTCOME};

    private final AssessmentsApi assessments;
    private final AcceptancesApi acceptances;
    private final CloudAdoptionApi cloudAdoption;
    private final Supplier<List<DemoEnterprises.Enterprise>> enterprises;
    private final Random random;
    /** Makes this run's assessment and acceptance ids its own, so a restarted demo still sends new records. */
    private final String run;
    private final Set<String> done = new HashSet<>();

    public AssessorAndPlatformSimulator(HubSdk assessor, HubSdk platform,
                                        Supplier<List<DemoEnterprises.Enterprise>> enterprises, long seed) {
        this.assessments = assessor.api(AssessmentsApi::new);
        this.acceptances = assessor.api(AcceptancesApi::new);
        this.cloudAdoption = platform.api(CloudAdoptionApi::new);
        this.enterprises = enterprises;
        this.random = new Random(seed);
        this.run = RunLabel.now();
    }

    public void tick() throws IOException, InterruptedException {
        DemoEnterprises.Enterprise next = enterprises.get().stream()
                .filter(e -> e.pilot() && !done.contains(e.uscc())).findFirst().orElse(null);
        if (next == null) {
            return;
        }
        done.add(next.uscc());
        int level = 1 + random.nextInt(3);
        LocalDate assessedOn = LocalDate.of(2025, 1 + random.nextInt(6), 1 + random.nextInt(27));
        int equipment = 6 * level;
        int data = 3 * level;
        int information = 3 * level;
        int security = 2 * level;
        int management = 8 * level;
        int effect = 5 * level;
        ScoreBreakdown scores = new ScoreBreakdown().equipmentAndSystems(BigDecimal.valueOf(equipment))
                .dataCollection(BigDecimal.valueOf(data)).informationSystems(BigDecimal.valueOf(information))
                .security(BigDecimal.valueOf(security)).management(BigDecimal.valueOf(management))
                .effect(BigDecimal.valueOf(effect))
                .total(BigDecimal.valueOf(equipment + data + information + security + management + effect));
        AssessmentSubmission assessment = new AssessmentSubmission()
                .assessmentId("SIM-A-" + next.uscc().substring(8) + "-" + run).uscc(next.uscc()).assessedOn(assessedOn)
                .indexEdition(AssessmentSubmission.IndexEditionEnum.MIIT_2024).level(level).scores(scores);
        send("assessment", next, () -> assessments.submitAssessment(HubSdk.newIdempotencyKey(), assessment));
        if (level >= 2) {
            AcceptanceSubmission acceptance = new AcceptanceSubmission()
                    .acceptanceId("SIM-ACC-" + next.uscc().substring(8) + "-" + run).uscc(next.uscc())
                    .acceptedOn(assessedOn.plusMonths(2)).result(AcceptanceSubmission.ResultEnum.PASSED)
                    .spend(List.of(spend(CategoryEnum.SOFTWARE, 200_000, 800_000),
                            spend(CategoryEnum.DATA_COLLECTION_DEVICES, 50_000, 300_000),
                            spend(CategoryEnum.DIAGNOSIS, 10_000, 40_000)));
            send("acceptance", next, () -> acceptances.submitAcceptance(HubSdk.newIdempotencyKey(), acceptance));
        }
        CloudAdoptionReport cloud = new CloudAdoptionReport().uscc(next.uscc()).reportedOn(assessedOn.plusMonths(3))
                .paymentMode(MODES[random.nextInt(3)]).devicesConnected(5 + random.nextInt(60))
                .saasApps(List.of(new CloudAdoptionReportSaasAppsInner().appId("mes-cloud").name("云MES"),
                        new CloudAdoptionReportSaasAppsInner().appId("erp-cloud").name("云ERP")));
        send("cloud adoption", next, () -> cloudAdoption.submitCloudAdoption(HubSdk.newIdempotencyKey(), cloud));
    }

    /** A call of the SDK. */
    private interface Call {
        void send() throws ApiException;
    }

    /** Sends one record; a refusal is logged (the next record is sent all the same). */
    private static void send(String what, DemoEnterprises.Enterprise enterprise, Call call) throws IOException {
        try {
            call.send();
        } catch (HubProblemException refused) {
            LOG.warn("hub refused the {} of {}: {}", what, enterprise.uscc(), refused.body());
        } catch (ApiException e) {
            throw new IOException(what + " of " + enterprise.uscc() + " not sent: " + e.getMessage(), e);
        }
    }

    private AcceptanceSubmissionSpendInner spend(CategoryEnum category, int min, int max) {
        return new AcceptanceSubmissionSpendInner().category(category)
                .amount(BigDecimal.valueOf(min + random.nextInt(max - min)).setScale(2).toPlainString());
    }
}
