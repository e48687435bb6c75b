package cn.smedt.hub.industries;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.packs.PackYaml;
import cn.smedt.hub.regions.RegionDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The industry codes the hub knows ({@code reference/industries.yaml}: the Zhejiang catalogue of seed 003 annex 2,
 * the Wuhan and Zhengzhou pilot industries, the county-local industries packs' policies name). Served by operation
 * {@code listIndustries}; {@link #requireKnown} is the check every enterprise registration passes (signed API and
 * county packs alike).
 */
@Component
public class IndustryCatalogue {

    static final String RESOURCE = "reference/industries.yaml";

    /**
     * The file as written.
     *
     * @param groups     the Zhejiang first-level groups
     * @param industries every code
     */
    record CatalogueFile(List<IndustryGroup> groups, List<Industry> industries) {
    }

    private final RegionDirectory regions;
    private final List<IndustryGroup> groups;
    private final Map<String, Industry> byCode = new LinkedHashMap<>();

    IndustryCatalogue(RegionDirectory regions) {
        this.regions = regions;
        CatalogueFile file = read();
        this.groups = List.copyOf(file.groups());
        Map<String, IndustryGroup> groupCodes = new LinkedHashMap<>();
        groups.forEach(group -> groupCodes.put(group.code(), group));
        for (Industry industry : file.industries()) {
            if (byCode.put(industry.code(), industry) != null) {
                throw new IndustryDataException(RESOURCE + ": industry " + industry.code() + " listed twice");
            }
            if (regions.find(industry.region()).isEmpty()) {
                throw new IndustryDataException(RESOURCE + ": industry " + industry.code() + " has unknown region "
                        + industry.region());
            }
            if (industry.group() != null && !groupCodes.containsKey(industry.group())) {
                throw new IndustryDataException(RESOURCE + ": industry " + industry.code() + " names unknown group "
                        + industry.group());
            }
        }
        for (Industry industry : file.industries()) {
            if (industry.within() != null && !byCode.containsKey(industry.within())) {
                throw new IndustryDataException(RESOURCE + ": industry " + industry.code() + " lies within unknown "
                        + industry.within());
            }
        }
    }

    private static CatalogueFile read() {
        try (InputStream in = IndustryCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IndustryDataException("missing " + RESOURCE);
            }
            return PackYaml.read(in, "classpath:" + RESOURCE, CatalogueFile.class).value();
        } catch (IOException e) {
            throw new IndustryDataException("cannot read " + RESOURCE + ": " + e.getMessage());
        }
    }

    /** The entry of a code, if the catalogue has it. */
    public Optional<Industry> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    /** Every code, in the file's order. */
    public List<Industry> all() {
        return List.copyOf(byCode.values());
    }

    /** The Zhejiang first-level groups. */
    public List<IndustryGroup> groups() {
        return groups;
    }

    /**
     * Refuses ({@code industry-unknown} at {@code pointer}) a code the catalogue lacks. (Where an entry applies, its
     * {@code region}, is data for listings; registrations are not checked against it.)
     */
    public void requireKnown(String code, String pointer) {
        if (find(code).isEmpty()) {
            throw ProblemException.field(ProblemCode.INDUSTRY_UNKNOWN, pointer, "industry code '" + code
                    + "' is not in the hub's industry catalogue (operation listIndustries)");
        }
    }

    /** Operation listIndustries: the catalogue, optionally only the codes usable in one region. */
    @PartnerOperation("listIndustries")
    public ApiReply list(PartnerRequest request) {
        String region = request.queryParam("region");
        List<Industry> industries = region == null ? all()
                : all().stream().filter(industry -> regions.within(region, industry.region())
                        || regions.within(industry.region(), region)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groups", groups.stream().filter(group -> region == null || regions.within(region, group.region())
                || regions.within(group.region(), region)).toList());
        body.put("industries", industries);
        return ApiReply.ok(body);
    }
}
