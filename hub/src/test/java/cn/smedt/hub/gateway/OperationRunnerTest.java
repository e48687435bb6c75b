package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerRequests;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A write and its recorders share one transaction: recorders run only on a 2xx answer, inside it; a recorder that
 * fails rolls the write back; a transient database failure re-runs the whole write in a new transaction. Reads run
 * without one.
 */
class OperationRunnerTest {

    private static final Partner BANK = new Partner("bank-1", "Bank", PartnerType.BANK, Set.of("410100"),
            Set.of("loans:write"), 100, null);

    /** Counts transactions and how each ended. */
    private static final class Transactions implements PlatformTransactionManager {

        final List<String> log = new ArrayList<>();
        boolean open;

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            open = true;
            log.add("begin");
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
            open = false;
            log.add("commit");
        }

        @Override
        public void rollback(TransactionStatus status) {
            open = false;
            log.add("rollback");
        }
    }

    /** A flow answering from a script: each call takes the next answer (a reply, or a failure to throw). */
    private static final class ScriptedFlows extends PartnerHandlers {

        final Deque<Supplier<ApiReply>> script = new ArrayDeque<>();
        final Transactions transactions;
        final List<Boolean> ranInTransaction = new ArrayList<>();

        ScriptedFlows(Transactions transactions) {
            super(null, null);
            this.transactions = transactions;
        }

        @Override
        ApiReply handle(PartnerRequest request) {
            ranInTransaction.add(transactions.open);
            return script.removeFirst().get();
        }
    }

    private final Transactions transactions = new Transactions();
    private final ScriptedFlows flows = new ScriptedFlows(transactions);
    private final List<String> recorded = new ArrayList<>();
    private RuntimeException recorderFailure;

    private final OperationRunner runner = new OperationRunner(flows, new TransactionTemplate(transactions),
            List.of((partnerId, operationId, path, status, key, body) -> {
                recorded.add(operationId + " " + status + " " + key + " in transaction " + transactions.open);
                if (recorderFailure != null) {
                    throw recorderFailure;
                }
            }));

    private static ContractOperation operation(String id, String method) {
        return new ContractOperation("loans", id, method, "/api/v1/loans", Map.of(), null, null,
                !"GET".equals(method), List.of(), null, Map.of(), Map.of(), Map.of(), List.of());
    }

    private ApiReply run(ContractOperation operation) {
        MockHttpServletRequest request = new MockHttpServletRequest(operation.method(), "/api/v1/loans");
        request.addHeader("Idempotency-Key", "key-00000001");
        return runner.run(operation, new PartnerRequests(new ObjectMapper(), null, null).of(operation, BANK, null,
                new byte[0], MissingNode.getInstance(), null), request);
    }

    @Test
    void anAcceptedWriteIsRecordedInsideItsTransaction() {
        flows.script.add(() -> ApiReply.accepted(Map.of("loanId", "LN1")));

        assertThat(run(operation("submitLoan", "POST")).status()).isEqualTo(202);

        assertThat(flows.ranInTransaction).containsExactly(true);
        assertThat(recorded).containsExactly("submitLoan 202 key-00000001 in transaction true");
        assertThat(transactions.log).containsExactly("begin", "commit");
    }

    @Test
    void aFailingRecorderRollsTheWriteBackAndIsNotRetried() {
        flows.script.add(() -> ApiReply.created(Map.of()));
        recorderFailure = new DataAccessResourceFailureException("audit table unavailable");

        assertThatThrownBy(() -> run(operation("registerEnterprise", "POST"))).isSameAs(recorderFailure);

        assertThat(transactions.log).containsExactly("begin", "rollback");
    }

    @Test
    void aRefusedWriteIsNotRecordedAndRollsBack() {
        flows.script.add(() -> {
            throw new ProblemException(ProblemCode.LOAN_CONFLICT, "other terms");
        });

        assertThatThrownBy(() -> run(operation("submitLoan", "POST"))).isInstanceOf(ProblemException.class);

        assertThat(recorded).isEmpty();
        assertThat(transactions.log).containsExactly("begin", "rollback");
    }

    @Test
    void aTransientFailureReRunsTheWholeWriteInANewTransaction() {
        flows.script.add(() -> {
            throw new CannotAcquireLockException("deadlock");
        });
        flows.script.add(() -> ApiReply.created(Map.of()));

        assertThat(run(operation("registerEnterprise", "POST")).status()).isEqualTo(201);

        assertThat(transactions.log).containsExactly("begin", "rollback", "begin", "commit");
        assertThat(recorded).hasSize(1);
    }

    @Test
    void aTransientFailureThatPersistsIsTriedThreeTimesThenAnswered() {
        CannotAcquireLockException failure = new CannotAcquireLockException("lock timeout");
        for (int i = 0; i < 3; i++) {
            flows.script.add(() -> {
                throw failure;
            });
        }

        assertThatThrownBy(() -> run(operation("submitLoan", "POST"))).isSameAs(failure);

        assertThat(transactions.log).containsExactly("begin", "rollback", "begin", "rollback", "begin", "rollback");
        assertThat(recorded).isEmpty();
    }

    @Test
    void aReadRunsWithoutATransactionAndIsNotRecorded() {
        flows.script.add(() -> {
            throw new CannotAcquireLockException("lock timeout");
        });
        flows.script.add(() -> ApiReply.ok(Map.of()));

        assertThat(run(operation("getLoan", "GET")).status()).isEqualTo(200);

        assertThat(flows.ranInTransaction).containsExactly(false, false);
        assertThat(transactions.log).isEmpty();
        assertThat(recorded).isEmpty();
    }
}
