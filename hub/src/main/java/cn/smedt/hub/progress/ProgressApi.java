package cn.smedt.hub.progress;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.regions.RegionDirectory;
import org.springframework.stereotype.Component;

/** Operation getProgress: the summary of a region inside the partner's regions. */
@Component
public class ProgressApi {

    private final ProgressService progress;
    private final RegionDirectory regions;

    ProgressApi(ProgressService progress, RegionDirectory regions) {
        this.progress = progress;
        this.regions = regions;
    }

    @PartnerOperation("getProgress")
    public ApiReply summary(PartnerRequest request) {

        String region = request.pathParam("regionCode");

        Partner partner = request.partner();
        if (regions.find(region).isEmpty()) {
            throw ProblemException.field(ProblemCode.REGION_UNKNOWN, "#/path/regionCode", "region code '" + region
                    + "' is not a known GB/T 2260 division or hub zone id");
        }
        if (!regions.withinAny(region, partner.regions())) {
            throw ProblemException.field(ProblemCode.REGION_DENIED, "#/path/regionCode", "partner " + partner.id()
                    + " may see " + partner.regions() + ", not region " + region);
        }
        return ApiReply.ok(progress.summary(region));
    }
}
