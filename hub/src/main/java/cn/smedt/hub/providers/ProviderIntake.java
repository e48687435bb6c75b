package cn.smedt.hub.providers;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.api.model.ChainCaseReport;
import cn.smedt.api.model.ProviderFeesReport;
import cn.smedt.api.model.ServiceProviderRegistration;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RecordIds;
import cn.smedt.hub.kernel.RegisteredEnterprise;
import cn.smedt.hub.loans.SubsidyDecisionRecord;
import cn.smedt.hub.loans.SubsidyDecisions;
import cn.smedt.hub.regions.Region;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.regions.RegionLevel;
import cn.smedt.hub.storage.RaceFreeWrites;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service-provider resource pool (服务商资源池) and the subsidies it carries (operations registerServiceProvider,
 * getServiceProvider, submitProviderFees, submitChainCase): government partners register providers with category and
 * region, report a provider's service fees of a year and an enterprise's MIIT-recognised chain case; each report is
 * decided in its own transaction ({@link ProviderSubsidies}) and its decision delivered through the one outbox like
 * every decision.
 */
@Component
public class ProviderIntake {

    /** The 24 hex digits of the ids of its records, in the order they are made. */
    private static final RecordIds RECORD_IDS = new RecordIds(24);

    private final ProviderRepository providers;
    private final SubsidyDecisions decisions;
    private final ProviderSubsidies subsidies;
    private final RegionDirectory regions;
    private final RaceFreeWrites writes;
    private final Clock clock;

    ProviderIntake(ProviderRepository providers, SubsidyDecisions decisions, ProviderSubsidies subsidies,
                   RegionDirectory regions, RaceFreeWrites writes, Clock clock) {
        this.providers = providers;
        this.decisions = decisions;
        this.subsidies = subsidies;
        this.regions = regions;
        this.writes = writes;
        this.clock = clock;
    }

    @Transactional
    @PartnerOperation("registerServiceProvider")
    public ApiReply register(PartnerRequest request) {
        Partner office = requireGovernment(request.partner());
        ServiceProviderRegistration body = request.body(ServiceProviderRegistration.class);
        String problem = Uscc.problem(body.getUscc());
        if (problem != null) {
            throw ProblemException.field(ProblemCode.USCC_INVALID, "/uscc", "USCC '" + body.getUscc() + "': "
                    + problem);
        }
        county(body.getRegionCode(), "/regionCode");
        ServiceProvider submitted = new ServiceProvider(body.getUscc(), body.getName(), body.getCategory().getValue(),
                body.getRegionCode(), office.id(), clock.instant());
        var existing = providers.provider(submitted.uscc());
        if (existing.isEmpty()) {
            existing = writes.insertOrFind(() -> providers.insert(submitted),
                    () -> providers.provider(submitted.uscc()), "provider " + submitted.uscc());
            if (existing.isEmpty()) {
                return ApiReply.created(submitted);
            }
        }
        if (!existing.get().sameDataAs(submitted)) {
            throw ProblemException.field(ProblemCode.PROVIDER_CONFLICT, "/uscc", "provider " + submitted.uscc()
                    + " was registered before with other data");
        }
        return ApiReply.ok(existing.get());
    }

    /** The provider with its decisions, for partners whose regions cover the provider's county. */
    @PartnerOperation("getServiceProvider")
    public ApiReply get(PartnerRequest request) {
        ServiceProvider provider = visible(request.pathParam("uscc"), request.partner());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("provider", provider);
        view.put("decisions", decisions.decisionsOf(provider.uscc(), ProviderSubsidies.PROVIDER));
        return ApiReply.ok(view);
    }

    @Transactional
    @PartnerOperation("submitProviderFees")
    public ApiReply submitFees(PartnerRequest request) {
        Partner office = requireGovernment(request.partner());
        ServiceProvider provider = visible(request.pathParam("uscc"), office);
        ProviderFeesReport body = request.body(ProviderFeesReport.class);
        county(body.getRegionCode(), "/regionCode");
        BigDecimal fees = new BigDecimal(body.getServiceFees()).setScale(2);
        FeesReport submitted = new FeesReport(
                "PF" + hex(), provider.uscc(), body.getReportId(), body.getRegionCode(), body.getYear(), fees,
                body.getAllTasksCompleted(), office.id(), clock.instant());
        var existing = providers.report(provider.uscc(), submitted.reportId());
        if (existing.isEmpty()) {
            existing = writes.insertOrFind(() -> providers.insert(submitted),
                    () -> providers.report(provider.uscc(), submitted.reportId()), "report " + submitted.reportId());
            if (existing.isEmpty()) {
                return ApiReply.created(subsidies.decideProvider(submitted));
            }
        }
        if (!existing.get().sameDataAs(submitted)) {
            throw ProblemException.field(ProblemCode.PROVIDER_FEES_CONFLICT, "/reportId", "report "
                    + submitted.reportId() + " of provider " + provider.uscc() + " was submitted before with other"
                    + " data");
        }
        return ApiReply.ok(decisionOf(existing.get().recordId(), ProviderSubsidies.PROVIDER));
    }

    @Transactional
    @PartnerOperation("submitChainCase")
    public ApiReply submitChainCase(PartnerRequest request) {
        Partner office = requireGovernment(request.partner());
        ChainCaseReport body = request.body(ChainCaseReport.class);
        RegisteredEnterprise enterprise = request.enterprise();
        LocalDate recognisedOn = body.getRecognisedOn();
        ChainCase submitted = new ChainCase("CC" + hex(), body.getCaseId(), enterprise.uscc(),
                enterprise.regionCode(), recognisedOn, office.id(), clock.instant());
        var existing = providers.chainCase(submitted.caseId());
        if (existing.isEmpty()) {
            existing = writes.insertOrFind(() -> providers.insert(submitted),
                    () -> providers.chainCase(submitted.caseId()), "chain case " + submitted.caseId());
            if (existing.isEmpty()) {
                return ApiReply.created(subsidies.decideChainCase(submitted));
            }
        }
        if (!existing.get().sameDataAs(submitted)) {
            throw ProblemException.field(ProblemCode.CHAIN_CASE_CONFLICT, "/caseId", "chain case "
                    + submitted.caseId() + " was reported before with other data");
        }
        return ApiReply.ok(decisionOf(existing.get().recordId(), ProviderSubsidies.CHAIN_CASE));
    }

    private SubsidyDecisionRecord decisionOf(String recordId, String kind) {
        return decisions.decisionFor(recordId, kind).orElseThrow(() -> new ProviderDecisionException(
                "record " + recordId + " has no " + kind + " decision"));
    }

    private ServiceProvider visible(String uscc, Partner partner) {
        return providers.provider(uscc).filter(found -> regions.withinAny(found.regionCode(), partner.regions()))
                .orElseThrow(() -> new ProblemException(ProblemCode.PROVIDER_NOT_FOUND, "no provider " + uscc
                        + " visible to " + partner.id()));
    }

    private void county(String regionCode, String pointer) {
        Region region = regions.find(regionCode).orElseThrow(() -> ProblemException.field(ProblemCode.REGION_UNKNOWN,
                pointer, "region code '" + regionCode + "' is not a known GB/T 2260 division or hub zone id"));
        if (region.level() != RegionLevel.COUNTY) {
            throw ProblemException.field(ProblemCode.REGION_NOT_COUNTY, pointer, "region " + regionCode + " ("
                    + region.name() + ") is a " + region.level() + "; give a county");
        }
    }

    private static Partner requireGovernment(Partner partner) {
        return partner.requireType(PartnerType.GOVERNMENT, "only government office platforms manage the provider"
                + " pool and its subsidies");
    }

    /** 24 hex digits of a record id, in the order the records are made. */
    private static String hex() {
        return RECORD_IDS.next();
    }
}
