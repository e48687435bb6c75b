package cn.smedt.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.hazelcast.core.HazelcastInstance;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The account's value stays small (its total and last grant) while every ledger rule holds: the cap, a record granted
 * once (looked up in the store when it is not the last grant), and the backup set to the owner's result.
 */
class GrantProcessorTest {

    private static final BigDecimal CAP = new BigDecimal("500.00");

    @Test
    void theValueHoldsTheTotalAndOnlyTheLastGrantWhateverTheNumberOfGrants() {
        Map.Entry<String, LedgerAccount> account = new AbstractMap.SimpleEntry<>("INTEREST:E", null);
        for (int i = 0; i < 100; i++) {
            grant("IP" + i, "3.00", null).process(account);
        }
        assertThat(account.getValue().granted()).isEqualByComparingTo("300.00");
        assertThat(account.getValue().grants()).containsOnlyKeys("IP99");
    }

    @Test
    void theCapHoldsAcrossGrants() {
        Map.Entry<String, LedgerAccount> account = new AbstractMap.SimpleEntry<>("INTEREST:E", null);
        Grant first = grant("IP1", "400.00", null).process(account).get(0);
        Grant second = grant("IP2", "400.00", null).process(account).get(0);
        Grant third = grant("IP3", "400.00", null).process(account).get(0);
        assertThat(first.granted()).isEqualByComparingTo("400.00");
        assertThat(second.granted()).isEqualByComparingTo("100.00");
        assertThat(second.capped()).isTrue();
        assertThat(third.granted()).isEqualByComparingTo("0.00");
        assertThat(account.getValue().granted()).isEqualByComparingTo("500.00");
    }

    @Test
    void anEarlierRecordAskedAgainGetsItsFirstAnswerFromTheStore() {
        LedgerAccountStore store = mock(LedgerAccountStore.class);
        when(store.grantsOf("INTEREST:E", Set.of("IP1"))).thenReturn(Map.of("IP1", new BigDecimal("400.00")));
        Map.Entry<String, LedgerAccount> account = new AbstractMap.SimpleEntry<>("INTEREST:E", null);
        grant("IP1", "400.00", null).process(account);
        grant("IP2", "50.00", null).process(account);

        GrantProcessor again = grant("IP1", "400.00", store);
        Grant repeated = again.process(account).get(0);
        assertThat(repeated.repeated()).isTrue();
        assertThat(repeated.granted()).isEqualByComparingTo("400.00");
        assertThat(account.getValue().granted()).isEqualByComparingTo("450.00");
        assertThat(again.getBackupProcessor()).as("nothing changed: no backup").isNull();
    }

    @Test
    void theLastGrantIsAnsweredWithoutTheStoreAndANewOneIsLookedUpOnce() {
        LedgerAccountStore store = mock(LedgerAccountStore.class);
        Map.Entry<String, LedgerAccount> account = new AbstractMap.SimpleEntry<>("INTEREST:E", null);
        GrantProcessor first = grant("IP1", "10.00", store);
        first.process(account);
        verify(store).grantsOf("INTEREST:E", Set.of("IP1"));
        LedgerAccountStore later = mock(LedgerAccountStore.class);
        assertThat(grant("IP1", "10.00", later).process(account).get(0).repeated()).isTrue();
        verify(later, never()).grantsOf(anyString(), anyCollection());
    }

    @Test
    void theBackupGetsTheOwnersResult() {
        Map.Entry<String, LedgerAccount> owner = new AbstractMap.SimpleEntry<>("INTEREST:E", null);
        Map.Entry<String, LedgerAccount> backup = new AbstractMap.SimpleEntry<>("INTEREST:E", null);
        GrantProcessor processor = grant("IP1", "10.00", null);
        processor.process(owner);
        processor.getBackupProcessor().process(backup);
        assertThat(backup.getValue()).isEqualTo(owner.getValue());
    }

    @Test
    void aBatchOfRequestsIsOneChangeOfTheAccountUnderTheCapWithEachRecordOnce() {
        LedgerAccountStore store = mock(LedgerAccountStore.class);
        when(store.grantsOf("INTEREST:E", Set.of("IP1", "IP2", "IP3")))
                .thenReturn(Map.of("IP1", new BigDecimal("100.00")));
        Map.Entry<String, LedgerAccount> account = new AbstractMap.SimpleEntry<>("INTEREST:E",
                new LedgerAccount("E", "INTEREST", new BigDecimal("100.00"), new java.util.LinkedHashMap<>()));
        GrantProcessor batch = withStore(new GrantProcessor("E", "INTEREST", List.of(request("IP1", "100.00"),
                request("IP2", "300.00"), request("IP3", "300.00"), request("IP2", "300.00"))), store);

        List<Grant> grants = batch.process(account);

        assertThat(grants).extracting(g -> g.granted().toPlainString(), Grant::repeated, Grant::capped)
                .containsExactly(tuple("100.00", true, false), tuple("300.00", false, false),
                        tuple("100.00", false, true), tuple("300.00", true, false));
        assertThat(grants.get(2).capRemaining()).isEqualByComparingTo("0.00");
        assertThat(account.getValue().granted()).isEqualByComparingTo("500.00");
        assertThat(account.getValue().grants()).containsOnlyKeys("IP2", "IP3");
        verify(store).grantsOf("INTEREST:E", Set.of("IP1", "IP2", "IP3"));
        Map.Entry<String, LedgerAccount> backup = new AbstractMap.SimpleEntry<>("INTEREST:E", null);
        batch.getBackupProcessor().process(backup);
        assertThat(backup.getValue()).isEqualTo(account.getValue());
    }

    @Test
    void aBatchOfRecordsAllGrantedBeforeChangesNothing() {
        Map.Entry<String, LedgerAccount> account = new AbstractMap.SimpleEntry<>("INTEREST:E", null);
        grant("IP1", "10.00", null).process(account);
        LedgerAccount before = account.getValue();
        GrantProcessor again = new GrantProcessor("E", "INTEREST", List.of(request("IP1", "10.00")));
        assertThat(again.process(account)).singleElement().extracting(Grant::repeated).isEqualTo(true);
        assertThat(account.getValue()).isSameAs(before);
        assertThat(again.getBackupProcessor()).isNull();
    }

    private static GrantProcessor.Request request(String record, String amount) {
        return new GrantProcessor.Request(record, new BigDecimal(amount), CAP, false);
    }

    private static GrantProcessor withStore(GrantProcessor processor, LedgerAccountStore store) {
        HazelcastInstance member = mock(HazelcastInstance.class);
        ConcurrentHashMap<String, Object> context = new ConcurrentHashMap<>();
        context.put(LedgerAccountStore.USER_CONTEXT_KEY, store);
        when(member.getUserContext()).thenReturn(context);
        processor.setHazelcastInstance(member);
        return processor;
    }

    private static GrantProcessor grant(String record, String amount, LedgerAccountStore store) {
        GrantProcessor processor = new GrantProcessor("E", "INTEREST", record, new BigDecimal(amount), CAP);
        return store == null ? processor : withStore(processor, store);
    }
}
