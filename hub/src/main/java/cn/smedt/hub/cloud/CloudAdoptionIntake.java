package cn.smedt.hub.cloud;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.api.model.CloudAdoptionReport;
import cn.smedt.api.model.CloudAdoptionReportSaasAppsInner;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.FieldError;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RegisteredEnterprise;
import cn.smedt.hub.node.ProgrammeCalendar;
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
 * Cloud-adoption reports of industrial internet platforms (operations submitCloudAdoption, getCloudAdoption; the
 * batch upload applies each line through {@link #apply}). The hub keeps the current state per enterprise: a report
 * replaces it when its reportedOn is the same day (a correction) or later; an older report changes nothing.
 */
@Component
public class CloudAdoptionIntake {

    /** The report is now the enterprise's current state. */
    static final String CURRENT = "CURRENT";
    /** The report is older than the current state and was ignored. */
    static final String STALE = "STALE";

    /**
     * What became of one report.
     *
     * @param uscc              the enterprise
     * @param status            {@link #CURRENT} or {@link #STALE}
     * @param reportedOn        the report's date
     * @param currentReportedOn the date of the state in force after it (the newer one when stale)
     */
    record Outcome(String uscc, String status, LocalDate reportedOn, LocalDate currentReportedOn) {
    }

    private final CloudAdoptionRepository repository;
    private final EnterpriseRegistry enterprises;
    private final ProgrammeCalendar calendar;
    private final Clock clock;

    CloudAdoptionIntake(CloudAdoptionRepository repository, EnterpriseRegistry enterprises,
                        ProgrammeCalendar calendar, Clock clock) {
        this.repository = repository;
        this.enterprises = enterprises;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** One report (202 when it became current, 200 when an older one was ignored). */
    @Transactional
    @PartnerOperation("submitCloudAdoption")
    public ApiReply submit(PartnerRequest request) {
        Outcome outcome = apply(request);
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("uscc", outcome.uscc());
        reply.put("status", outcome.status());
        reply.put("reportedOn", outcome.reportedOn().toString());
        reply.put("currentReportedOn", outcome.currentReportedOn().toString());
        return CURRENT.equals(outcome.status()) ? ApiReply.accepted(reply) : ApiReply.ok(reply);
    }

    /**
     * Checks and applies one contract-valid report: the caller is a platform, the enterprise is registered in its
     * regions (checked with the request's region), reportedOn is not in the future, no application is listed twice.
     */
    @Transactional
    public Outcome apply(PartnerRequest request) {
        Partner platform = request.partner();
        requirePlatform(platform);
        RegisteredEnterprise enterprise = request.enterprise();
        CloudAdoptionReport body = request.body(CloudAdoptionReport.class);
        LocalDate reportedOn = body.getReportedOn();
        if (calendar.isFuture(reportedOn)) {
            throw ProblemException.field(ProblemCode.DATE_IN_FUTURE, "/reportedOn", reportedOn
                    + " is after today (" + calendar.today() + ", China time)");
        }
        CloudAdoption report = new CloudAdoption(enterprise.uscc(), enterprise.regionCode(), platform.id(),
                reportedOn, apps(body.getSaasApps()), body.getPaymentMode().getValue(),
                body.getDevicesConnected() == null ? 0 : body.getDevicesConnected(), clock.instant());
        if (repository.replaceUnlessNewer(report)) {
            return new Outcome(report.uscc(), CURRENT, reportedOn, reportedOn);
        }
        LocalDate current = repository.currentReportedOn(report.uscc()).orElse(reportedOn);
        return new Outcome(report.uscc(), STALE, reportedOn, current);
    }

    /** The current state, for partners whose regions cover the enterprise. */
    @PartnerOperation("getCloudAdoption")
    public ApiReply current(PartnerRequest request) {
        String uscc = request.pathParam("uscc");
        Partner partner = request.partner();
        partner.requireNotBankForEnterpriseData(request.operationId());
        String problem = Uscc.problem(uscc);
        if (problem != null) {
            throw ProblemException.field(ProblemCode.USCC_INVALID, "#/path/uscc", "USCC '" + uscc + "': " + problem);
        }
        enterprises.visibleTo(uscc, partner);
        CloudAdoption state = repository.current(uscc).orElseThrow(() -> new ProblemException(
                ProblemCode.CLOUD_ADOPTION_NOT_FOUND, "no platform has reported the cloud adoption of " + uscc));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("uscc", state.uscc());
        view.put("reportedOn", state.reportedOn().toString());
        view.put("saasApps", state.saasApps());
        view.put("paymentMode", state.paymentMode());
        view.put("devicesConnected", state.devicesConnected());
        view.put("platformId", state.platformId());
        view.put("receivedAt", state.receivedAt().toString());
        return ApiReply.ok(view);
    }

    static void requirePlatform(Partner partner) {
        partner.requireType(PartnerType.PLATFORM, "only industrial internet platforms report cloud adoption");
    }

    private static List<SaasApp> apps(List<CloudAdoptionReportSaasAppsInner> array) {
        List<SaasApp> apps = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            CloudAdoptionReportSaasAppsInner app = array.get(i);
            String appId = app.getAppId();
            Integer first = seen.putIfAbsent(appId, i);
            if (first != null) {
                errors.add(new FieldError("field-duplicate", "/saasApps/" + i + "/appId", "application " + appId
                        + " is already listed at /saasApps/" + first));
            }
            apps.add(new SaasApp(appId, app.getName(), app.getScenario()));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, errors.get(0).detail(), errors);
        }
        return apps;
    }
}
