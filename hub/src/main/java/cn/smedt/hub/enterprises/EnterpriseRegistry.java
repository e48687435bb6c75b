package cn.smedt.hub.enterprises;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.industries.IndustryCatalogue;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.EnterpriseRegionLookup;
import cn.smedt.api.model.EnterpriseRegistration;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RegisteredEnterprise;
import cn.smedt.hub.regions.Region;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.regions.RegionLevel;
import cn.smedt.hub.storage.RaceFreeWrites;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Registers enterprises (operation registerEnterprise) and answers getEnterprise. */
@Component
public class EnterpriseRegistry implements EnterpriseRegionLookup {

    private final EnterpriseRepository repository;
    private final RegionDirectory regions;
    private final RaceFreeWrites writes;
    private final IndustryCatalogue industries;
    private final Clock clock;

    EnterpriseRegistry(EnterpriseRepository repository, RegionDirectory regions, RaceFreeWrites writes,
                       IndustryCatalogue industries, Clock clock) {
        this.repository = repository;
        this.regions = regions;
        this.industries = industries;
        this.writes = writes;
        this.clock = clock;
    }

    @Override
    public Optional<RegisteredEnterprise> registered(String uscc, String pointer) {
        requireValidUscc(uscc, pointer);
        return repository.find(uscc).map(found -> new RegisteredEnterprise(found.uscc(), found.regionCode(),
                found.pilot()));
    }

    public Optional<Enterprise> find(String uscc) {
        return repository.find(uscc);
    }

    /** Creates (201) or updates (200) an enterprise; an identical registration changes nothing (200). */
    @Transactional
    @PartnerOperation("registerEnterprise")
    public ApiReply register(PartnerRequest request) {
        Partner partner = request.partner();
        EnterpriseRegistration body = request.body(EnterpriseRegistration.class);
        String uscc = body.getUscc();
        requireValidUscc(uscc, "/uscc");
        String regionCode = body.getRegionCode();
        Region region = regions.find(regionCode).orElseThrow(() -> ProblemException.field(ProblemCode.REGION_UNKNOWN,
                "/regionCode", "region code '" + regionCode + "' is not a known GB/T 2260 division or hub zone id"));
        if (region.level() != RegionLevel.COUNTY) {
            throw ProblemException.field(ProblemCode.REGION_NOT_COUNTY, "/regionCode", "region " + regionCode
                    + " (" + region.name() + ") is a " + region.level() + "; give the enterprise's county");
        }
        industries.requireKnown(body.getIndustryCode(), "/industryCode");
        Instant now = clock.instant();
        List<String> tags = body.getTags() == null ? List.of() : body.getTags();
        Enterprise submitted = new Enterprise(uscc, body.getName(), regionCode, body.getIndustryCode(),
                body.getScale().getValue(), tags.stream().sorted().distinct().toList(),
                Boolean.TRUE.equals(body.getPilot()), body.getPilotBatch(), partner.id(), now, now);
        Optional<Enterprise> existing = repository.find(uscc);
        if (existing.isEmpty()) {
            // registered by a concurrent request a moment ago: then this one is an update of it
            existing = writes.insertOrFind(() -> repository.insert(submitted), () -> repository.find(uscc),
                    "enterprise " + uscc);
            if (existing.isEmpty()) {
                return ApiReply.created(submitted);
            }
        }
        Enterprise current = existing.get();
        if (!regions.withinAny(current.regionCode(), partner.regions())) {
            // a USCC is registered once: that it is taken cannot be hidden, but where it is registered is not told
            throw ProblemException.field(ProblemCode.REGION_DENIED, "/regionCode", "enterprise " + uscc
                    + " is registered outside partner " + partner.id() + "'s regions; it cannot be registered again");
        }
        if (current.sameDataAs(submitted)) {
            return ApiReply.ok(current);
        }
        Enterprise updated = new Enterprise(uscc, submitted.name(), submitted.regionCode(), submitted.industryCode(),
                submitted.scale(), submitted.tags(), submitted.pilot(), submitted.pilotBatch(), current.registeredBy(),
                current.registeredAt(), now);
        repository.update(updated);
        return ApiReply.ok(updated);
    }

    /** The enterprise, for partners whose regions cover it. */
    @PartnerOperation("getEnterprise")
    public ApiReply get(PartnerRequest request) {
        String uscc = request.pathParam("uscc");
        requireValidUscc(uscc, "#/path/uscc");
        return ApiReply.ok(visibleTo(uscc, request.partner()));
    }

    /**
     * The registered enterprise if the partner's regions cover it; otherwise {@code enterprise-not-found}, the same
     * answer whether it does not exist or lies outside them (a partner learns nothing about other regions).
     */
    public Enterprise visibleTo(String uscc, Partner partner) {
        return repository.find(uscc)
                .filter(found -> regions.withinAny(found.regionCode(), partner.regions()))
                .orElseThrow(() -> new ProblemException(ProblemCode.ENTERPRISE_NOT_FOUND,
                        "no enterprise " + uscc + " in partner " + partner.id() + "'s regions"));
    }

    private static void requireValidUscc(String uscc, String pointer) {
        String problem = Uscc.problem(uscc);
        if (problem != null) {
            throw ProblemException.field(ProblemCode.USCC_INVALID, pointer, "USCC '" + uscc + "': " + problem);
        }
    }
}
