package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.EnterpriseRegionLookup;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.api.contract.ContractOperation;
import cn.smedt.api.contract.RegionRule;
import cn.smedt.hub.regions.RegionDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

/** May this partner call this operation, for this region? (scopes from x-scope, regions from x-region) */
@Component
class OperationAuthorizer {

    private final RegionDirectory regions;
    private final EnterpriseRegionLookup enterprises;

    OperationAuthorizer(RegionDirectory regions, EnterpriseRegionLookup enterprises) {
        this.regions = regions;
        this.enterprises = enterprises;
    }

    void checkScope(Partner partner, ContractOperation operation) {
        if (operation.scope() != null && !partner.hasScope(operation.scope())) {
            throw new ProblemException(ProblemCode.SCOPE_DENIED, "partner " + partner.id() + " lacks scope '"
                    + operation.scope() + "' needed by " + operation.operationId());
        }
    }

    void checkRegion(Partner partner, ContractOperation operation, JsonNode body) {
        RegionRule rule = operation.regionRule();
        if (rule == null || body.isMissingNode()) {
            return;
        }
        if (rule.regionPointer() != null) {
            String pointer = rule.regionPointer();
            String region = body.at(pointer).asText();
            if (regions.find(region).isEmpty()) {
                throw ProblemException.field(ProblemCode.REGION_UNKNOWN, pointer,
                        "region code '" + region + "' is not a known GB/T 2260 division or hub zone id");
            }
            requireWithin(partner, region, pointer);
        } else if (rule.enterpriseUsccPointer() != null) {
            String pointer = rule.enterpriseUsccPointer();
            String uscc = body.at(pointer).asText();
            String region = enterprises.regionOf(uscc).orElseThrow(() -> ProblemException.field(
                    ProblemCode.ENTERPRISE_NOT_REGISTERED, pointer, "enterprise " + uscc + " is not registered"));
            requireWithin(partner, region, pointer);
        }
    }

    void requireWithin(Partner partner, String region, String pointer) {
        if (!regions.withinAny(region, partner.regions())) {
            throw ProblemException.field(ProblemCode.REGION_DENIED, pointer, "partner " + partner.id()
                    + " may act in " + partner.regions() + ", not in region " + region);
        }
    }
}
