package cn.smedt.connectors.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;

/**
 * How publish responses become samples, without a server: the source's data listener is given the notifications a
 * publish would bring (items in the order {@link OpcUaMachineSource#monitoredItems()} lists them: per machine state,
 * part count, energy).
 */
class OpcUaMachineSourceTest {

    private static final Instant T1 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);
    private static final Instant T3 = T1.plusSeconds(2);
    private static final int STATE = 0;
    private static final int PARTS = 1;
    private static final int ENERGY = 2;

    private final List<MachineSample> received = new ArrayList<>();
    private final OpcUaMachineSource source = new OpcUaMachineSource(new OpcUaFactoryConfig("opc.tcp://127.0.0.1:4840",
            "None", Duration.ofMillis(500), Duration.ofSeconds(1), List.of(
                    new OpcUaMachineConfig("U", "kiln-1", "ns=2;s=kiln-1/State", "ns=2;s=kiln-1/PartCount",
                            "ns=2;s=kiln-1/EnergyKwh"),
                    new OpcUaMachineConfig("U", "press-2", "ns=2;s=press-2/State", "ns=2;s=press-2/PartCount",
                            "ns=2;s=press-2/EnergyKwh"))), received::add);
    private final List<OpcUaMonitoredItem> items = source.monitoredItems();
    private final Publish publish = new Publish();

    @Test
    void itemsAskForTheSamplingIntervalAQueueOfSeveralValuesAndDiscardTheOldest() {
        assertThat(items).hasSize(6);
        assertThat(items).allSatisfy(item -> {
            assertThat(item.getSamplingInterval()).isEqualTo(500.0);
            assertThat(item.getQueueSize()).isEqualTo(UInteger.valueOf(4));
            assertThat(item.getDiscardOldest()).isTrue();
        });
    }

    @Test
    void valuesOfOneChangeGiveOneSample() {
        publish.value(0, STATE, "RUN", T1).value(0, PARTS, 10L, T1).value(0, ENERGY, 1.5, T1).deliver();

        assertThat(received).singleElement().satisfies(s -> {
            assertThat(s.ts()).isEqualTo(T1);
            assertThat(s.partCount()).isEqualTo(10);
        });
    }

    @Test
    void everyQueuedChangeOfAPublishGivesItsOwnSampleInTimestampOrder() {
        publish.value(0, STATE, "RUN", T1).value(0, PARTS, 10L, T1).value(0, PARTS, 11L, T2).value(0, PARTS, 12L, T3)
                .value(0, ENERGY, 1.5, T1).value(0, ENERGY, 2.5, T2).value(0, ENERGY, 3.5, T3)
                .value(1, STATE, "IDLE", T2).value(1, PARTS, 5L, T2).value(1, ENERGY, 0.25, T2).deliver();

        assertThat(received).extracting(MachineSample::deviceId, MachineSample::ts, MachineSample::partCount)
                .containsExactly(tuple("kiln-1", T1, 10L),
                        tuple("kiln-1", T2, 11L),
                        tuple("kiln-1", T3, 12L),
                        tuple("press-2", T2, 5L));
        assertThat(received.get(1).energyKwh()).isEqualByComparingTo("2.5");
        assertThat(source.samplesEmitted()).isEqualTo(4);
    }

    @Test
    void aValueArrivingAPublishAfterItsSiblingsGivesNoSecondSampleWithTheirTimestamp() {
        publish.value(0, STATE, "RUN", T1).value(0, PARTS, 10L, T1).value(0, ENERGY, 1.5, T1).deliver();
        // the server sampled the state before the change at T2 was written and the other two after it
        publish.value(0, PARTS, 11L, T2).value(0, ENERGY, 2.5, T2).deliver();
        publish.value(0, STATE, "ALARM", T2).deliver();
        publish.value(0, ENERGY, 3.5, T3).deliver();

        assertThat(received).extracting(MachineSample::ts).containsExactly(T1, T2, T3);
        assertThat(received.get(1).state()).isEqualTo("RUN");
        assertThat(received.get(2).state()).isEqualTo("ALARM");
    }

    @Test
    void aValueWithTheOverflowBitIsCountedAndStillUsed() {
        publish.value(0, STATE, "RUN", T1).value(0, PARTS, 10L, T1).value(0, ENERGY, 1.5, T1).deliver();
        publish.value(0, ENERGY, new DataValue(Variant.ofDouble(3.5), StatusCode.GOOD.withOverflow(),
                new DateTime(T3))).deliver();

        assertThat(source.valuesOverflowed()).isEqualTo(1);
        assertThat(received).extracting(MachineSample::ts).containsExactly(T1, T3);
        assertThat(received.get(1).energyKwh()).isEqualByComparingTo("3.5");
    }

    @Test
    void aPublishResponseTheServerCouldNotRepublishIsCounted() {
        source.dataListener().onNotificationDataLost(null);

        assertThat(source.publishesLost()).isEqualTo(1);
    }

    /** The notifications of one publish response. */
    private final class Publish {
        private final List<OpcUaMonitoredItem> notified = new ArrayList<>();
        private final List<DataValue> values = new ArrayList<>();

        Publish value(int machine, int field, Object value, Instant ts) {
            Variant variant = value instanceof String text ? Variant.ofString(text)
                    : value instanceof Long number ? Variant.ofInt64(number) : Variant.ofDouble((Double) value);
            return value(machine, field, new DataValue(variant, StatusCode.GOOD, new DateTime(ts)));
        }

        Publish value(int machine, int field, DataValue value) {
            notified.add(items.get(machine * 3 + field));
            values.add(value);
            return this;
        }

        void deliver() {
            source.dataListener().onDataReceived(null, List.copyOf(notified), List.copyOf(values));
            notified.clear();
            values.clear();
        }
    }
}
