package cn.smedt.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.HubIT;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ConsumerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's writes on the node's database (H2 or PostgreSQL, by {@code -Dhub.test.database}): a message written
 * once is written once whether or not a transaction is active, and a refused second write leaves the caller's
 * transaction usable (PostgreSQL aborts a transaction after a failed statement: the insert runs in a savepoint); the
 * message is relayed after the commit, not before. Deliveries of one kind of event are purged once made and older
 * than the cut-off; the others stay. Its rows are its own (a kind of event and an endpoint no other class uses), so it
 * shares the node of the partner API tests.
 */
@HubIT(shares = "partner-api")
class OutboxIT {

    static final String ENDPOINT = "seda:outbox-it";
    static final String EVENT = "outbox-it-event";
    static final String OTHER_EVENT = "outbox-it-other";

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ConsumerTemplate consumer;

    @Autowired
    Clock clock;

    @AfterEach
    void forgetRows() {
        jdbc.update("delete from outbox where event_type in (?, ?)", EVENT, OTHER_EVENT);
        while (consumer.receiveNoWait(ENDPOINT) != null) {
            // drained
        }
    }

    static Outbox.Message delivery(String eventType) {
        return Outbox.Message.delivery(ENDPOINT, eventType, "key-" + UUID.randomUUID(), "PARTNER:outbox-it");
    }

    long rows(Outbox.Message message) {
        return jdbc.queryForObject("select count(*) from outbox where message_id = ?", Long.class, message.id());
    }

    @Test
    void theWorkOneTransactionGathersIsWrittenAtItsCommitInMessagesOfAtMostTheLimitAndRelayedAfterIt() {
        String prefix = "GW" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        // 700 ids of 26 characters (27 with the separator): 592 fit in 16,000 characters, 108 go in a second message
        List<String> records = java.util.stream.IntStream.range(0, 700)
                .mapToObj(i -> prefix + "%016d".formatted(i)).toList();

        Long rowsBeforeCommit = transactions.execute(status -> {
            records.forEach(id -> outbox.writeGathered(ENDPOINT, id));
            return jdbc.queryForObject("select count(*) from outbox where body like ?", Long.class, prefix + "%");
        });

        assertThat(rowsBeforeCommit).isZero();
        String first = records.get(0) + "+591";
        String second = records.get(592) + "+107";
        assertThat(jdbc.queryForList("select message_id from outbox where body like ? order by message_id",
                String.class, prefix + "%")).containsExactly(first, second);
        assertThat(jdbc.queryForObject("select records from outbox where message_id = ?", String.class, first))
                .isEqualTo(String.join(" ", records.subList(0, 592)));
        List<String> relayed = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            relayed.addAll(Outbox.recordsOf(consumer.receiveBody(ENDPOINT, Duration.ofSeconds(10).toMillis(),
                    String.class)));
        }
        assertThat(relayed).containsExactlyElementsOf(records);
        assertThat(outbox.message(second).orElseThrow().records()).isEqualTo(records.subList(592, 700));
        jdbc.update("delete from outbox where body like ?", prefix + "%");
    }

    @Test
    void workOfOneRecordOutsideATransactionIsAMessageOfItsOwnAtOnce() {
        String id = "GW" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        outbox.writeGathered(ENDPOINT, id);
        assertThat(outbox.message(id).orElseThrow().records()).isEmpty();
        assertThat(consumer.receiveBody(ENDPOINT, Duration.ofSeconds(10).toMillis(), String.class)).isEqualTo(id);
        jdbc.update("delete from outbox where message_id = ?", id);
    }

    @Test
    void writtenOnceInsideATransactionWhichGoesOnAndIsRelayedAfterItsCommit() {
        Outbox.Message message = delivery(EVENT);

        List<Object> inside = transactions.execute(status -> {
            boolean first = outbox.writeOnce(message);
            boolean second = outbox.writeOnce(message);
            // the next statement of the same transaction runs: the refused insert did not abort it
            long written = rows(message);
            Object relayedBeforeCommit = consumer.receiveNoWait(ENDPOINT);
            return java.util.Arrays.asList(first, second, written, relayedBeforeCommit);
        });

        assertThat(inside).containsExactly(true, false, 1L, null);
        assertThat(rows(message)).isOne();
        assertThat(consumer.receiveBody(ENDPOINT, Duration.ofSeconds(10).toMillis(), String.class))
                .isEqualTo(message.body());
        assertThat(outbox.writeOnce(message)).isFalse();
        assertThat(consumer.receiveNoWait(ENDPOINT)).isNull();
    }

    @Test
    void writtenOnceWithoutATransactionAndRelayedAtOnce() {
        Outbox.Message message = delivery(EVENT);

        assertThat(outbox.writeOnce(message)).isTrue();
        assertThat(outbox.writeOnce(message)).isFalse();

        assertThat(rows(message)).isOne();
        assertThat(consumer.receiveBody(ENDPOINT, Duration.ofSeconds(10).toMillis(), String.class))
                .isEqualTo(message.body());
        assertThat(consumer.receiveNoWait(ENDPOINT)).isNull();
    }

    @Test
    void madeDeliveriesOfOneKindArePurgedAfterTheCutOff() {
        Outbox.Message made = delivery(EVENT);
        Outbox.Message undelivered = delivery(EVENT);
        Outbox.Message otherKind = delivery(OTHER_EVENT);
        for (Outbox.Message message : List.of(made, undelivered, otherKind)) {
            assertThat(outbox.writeOnce(message)).isTrue();
        }
        outbox.done(made.id());
        outbox.done(otherKind.id());

        // made after the cut-off: kept
        assertThat(outbox.purgeDelivered(EVENT, clock.instant().minus(Duration.ofHours(1)))).isZero();
        assertThat(rows(made)).isOne();

        assertThat(outbox.purgeDelivered(EVENT, clock.instant().plusSeconds(1))).isOne();
        assertThat(rows(made)).isZero();
        assertThat(rows(undelivered)).isOne();
        assertThat(rows(otherKind)).isOne();
    }
}
