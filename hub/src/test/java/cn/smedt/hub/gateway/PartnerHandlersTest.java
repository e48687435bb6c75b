package cn.smedt.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.api.contract.ContractCatalog;
import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerRequests;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The handlers of the partner operations are collected by operationId at start-up: one per operationId, only for
 * operations of the contracts, of one shape; an operation without a handler answers 501.
 */
class PartnerHandlersTest {

    private static final ContractCatalog CATALOG = ContractCatalog.loadDefault();
    private static final Partner BANK = new Partner("bank-1", "Bank", PartnerType.BANK, Set.of("410100"),
            Set.of("loans:write"), 100, null);

    static class Loans {
        @PartnerOperation("getLoan")
        public ApiReply get(PartnerRequest request) {
            return ApiReply.ok(Map.of("loanId", request.pathParam("loanId"), "partner", request.partner().id()));
        }
    }

    static class OtherLoans {
        @PartnerOperation("getLoan")
        public ApiReply get(PartnerRequest request) {
            return ApiReply.ok(Map.of());
        }
    }

    static class Unknown {
        @PartnerOperation("getLoans")
        public ApiReply get(PartnerRequest request) {
            return ApiReply.ok(Map.of());
        }
    }

    static class WrongShape {
        @PartnerOperation("getLoan")
        public ApiReply get(String loanId) {
            return ApiReply.ok(Map.of());
        }
    }

    private static PartnerHandlers handlers(Class<?>... beans) {
        GenericApplicationContext context = new GenericApplicationContext();
        for (Class<?> bean : beans) {
            context.registerBean(bean);
        }
        context.refresh();
        PartnerHandlers handlers = new PartnerHandlers(context, CATALOG);
        handlers.afterSingletonsInstantiated();
        return handlers;
    }

    private static PartnerRequest request(String method, String path) {
        ContractOperation operation = CATALOG.match(method, path).orElseThrow();
        return new PartnerRequests(new ObjectMapper(), null, null).of(operation, BANK, null, new byte[0],
                MissingNode.getInstance(), null);
    }

    @Test
    void aRequestReachesTheHandlerOfItsOperationId() {
        ApiReply reply = handlers(Loans.class).handle(request("GET", "/api/v1/loans/LN1"));

        assertThat(reply.body()).isEqualTo(Map.of("loanId", "LN1", "partner", "bank-1"));
    }

    @Test
    void anOperationWithoutHandlerIsNotImplemented() {
        assertThatThrownBy(() -> handlers(Loans.class).handle(request("POST", "/api/v1/loans")))
                .isInstanceOfSatisfying(ProblemException.class,
                        problem -> assertThat(problem.code()).isEqualTo(ProblemCode.OPERATION_NOT_IMPLEMENTED));
    }

    @Test
    void twoHandlersForOneOperationIdFailTheStart() {
        assertThatThrownBy(() -> handlers(Loans.class, OtherLoans.class))
                .isInstanceOf(GatewaySetupException.class).hasMessageContaining("getLoan has two handlers");
    }

    @Test
    void aHandlerOfAnOperationIdInNoContractFailsTheStart() {
        assertThatThrownBy(() -> handlers(Unknown.class))
                .isInstanceOf(GatewaySetupException.class).hasMessageContaining("getLoans, which is in no contract");
    }

    @Test
    void aHandlerOfAnotherShapeFailsTheStart() {
        assertThatThrownBy(() -> handlers(WrongShape.class))
                .isInstanceOf(GatewaySetupException.class).hasMessageContaining("takes one PartnerRequest");
    }
}
