package cn.smedt.hub.policyapi;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.policy.Policy;
import cn.smedt.hub.policy.PolicyPacks;
import cn.smedt.hub.policy.PolicyRule;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/** The policies loaded from the packs (operation listPolicies), so partners see which id and version decides
 * (each version with its effective days). */
@Component
public class PolicyListing {

    private final PolicyPacks packs;

    PolicyListing(PolicyPacks packs) {
        this.packs = packs;
    }

    @PartnerOperation("listPolicies")
    public ApiReply list(PartnerRequest request) {
        return ApiReply.ok(packs.all().stream().sorted(Comparator.comparing(Policy::region)).map(policy -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", policy.id());
            row.put("version", policy.version());
            row.put("region", policy.region());
            row.put("name", policy.name());
            row.put("source", policy.source());
            row.put("rules", policy.rules().stream().map(PolicyRule::id).toList());
            row.put("versions", Stream.concat(Stream.of(policy), policy.amendments().stream()).map(version -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("version", version.version());
                if (version.effectiveFrom() != null) {
                    v.put("effectiveFrom", version.effectiveFrom().toString());
                }
                if (version.effectiveTo() != null) {
                    v.put("effectiveTo", version.effectiveTo().toString());
                }
                v.put("source", version.source());
                return v;
            }).toList());
            return row;
        }).toList());
    }
}
