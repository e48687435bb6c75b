package cn.smedt.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.hazelcast.core.HazelcastInstance;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.Map;
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
        Grant first = grant("IP1", "400.00", null).process(account);
        Grant second = grant("IP2", "400.00", null).process(account);
        Grant third = grant("IP3", "400.00", null).process(account);
        assertThat(first.granted()).isEqualByComparingTo("400.00");
        assertThat(second.granted()).isEqualByComparingTo("100.00");
        assertThat(second.capped()).isTrue();
        assertThat(third.granted()).isEqualByComparingTo("0.00");
        assertThat(account.getValue().granted()).isEqualByComparingTo("500.00");
    }

    @Test
    void anEarlierRecordAskedAgainGetsItsFirstAnswerFromTheStore() {
        LedgerAccountStore store = mock(LedgerAccountStore.class);
        when(store.grantOf("INTEREST:E", "IP1")).thenReturn(new BigDecimal("400.00"));
        Map.Entry<String, LedgerAccount> account = new AbstractMap.SimpleEntry<>("INTEREST:E", null);
        grant("IP1", "400.00", null).process(account);
        grant("IP2", "50.00", null).process(account);

        GrantProcessor again = grant("IP1", "400.00", store);
        Grant repeated = again.process(account);
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
        verify(store).grantOf("INTEREST:E", "IP1");
        LedgerAccountStore later = mock(LedgerAccountStore.class);
        assertThat(grant("IP1", "10.00", later).process(account).repeated()).isTrue();
        verify(later, never()).grantOf(anyString(), anyString());
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

    private static GrantProcessor grant(String record, String amount, LedgerAccountStore store) {
        GrantProcessor processor = new GrantProcessor("E", "INTEREST", record, new BigDecimal(amount), CAP);
        if (store != null) {
            HazelcastInstance member = mock(HazelcastInstance.class);
            ConcurrentHashMap<String, Object> context = new ConcurrentHashMap<>();
            context.put(LedgerAccountStore.USER_CONTEXT_KEY, store);
            when(member.getUserContext()).thenReturn(context);
            processor.setHazelcastInstance(member);
        }
        return processor;
    }
}
