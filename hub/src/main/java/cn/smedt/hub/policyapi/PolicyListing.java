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
import org.springframework.stereotype.Component;

/** The policies loaded from the packs (operation listPolicies), so partners see which id and version decides. */
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
            return row;
        }).toList());
    }
}
