package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.api.contract.ContractOperation;
import org.springframework.stereotype.Component;

/**
 * May this partner call this operation (scopes from {@code x-scope})? The region a write acts in ({@code x-region})
 * is checked by {@link cn.smedt.hub.kernel.RecordRegions}.
 */
@Component
class OperationAuthorizer {

    void checkScope(Partner partner, ContractOperation operation) {
        if (operation.scope() != null && !partner.hasScope(operation.scope())) {
            throw new ProblemException(ProblemCode.SCOPE_DENIED, "partner " + partner.id() + " lacks scope '"
                    + operation.scope() + "' needed by " + operation.operationId());
        }
    }
}
