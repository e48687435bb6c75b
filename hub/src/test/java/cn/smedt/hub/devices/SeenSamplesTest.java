package cn.smedt.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A device's samples seen lately: marked once per batch, answered when seen before, kept an hour, forgotten. */
class SeenSamplesTest {

    private static final String DEVICE = "91410000170001401D/kiln-1";
    private static final long NOW = 1_780_000_000L;

    private static Map.Entry<String, SeenSamples.Times> entry(SeenSamples.Times times) {
        return new AbstractMap.SimpleEntry<>(DEVICE, times);
    }

    private static long[] mark(Map.Entry<String, SeenSamples.Times> entry, long now, long... times) {
        return new SeenSamples.Mark(Map.of(DEVICE, times), now).process(entry);
    }

    @Test
    void aBatchsSamplesAreMarkedAndTheSeenOnesAnswered() {
        Map.Entry<String, SeenSamples.Times> entry = entry(null);
        assertThat(mark(entry, NOW, 30, 10, 20)).isEmpty();
        assertThat(entry.getValue().size()).isEqualTo(3);

        assertThat(mark(entry, NOW + 1, 25, 20, 40, 10)).containsExactly(20, 10);
        assertThat(entry.getValue().size()).isEqualTo(5);
        for (long time : new long[] {10, 20, 25, 30, 40}) {
            assertThat(entry.getValue().contains(time)).as("%d", time).isTrue();
        }
    }

    @Test
    void aMarkIsKeptAnHourFromWhenItWasMade() {
        Map.Entry<String, SeenSamples.Times> entry = entry(null);
        mark(entry, NOW, 10);
        mark(entry, NOW + 1800, 20);
        assertThat(mark(entry, NOW + SeenSamples.KEEP_SECONDS, 10, 20)).containsExactly(10, 20);
        assertThat(mark(entry, NOW + SeenSamples.KEEP_SECONDS + 1, 10)).isEmpty();
        assertThat(mark(entry, NOW + 1800 + SeenSamples.KEEP_SECONDS + 1, 20)).isEmpty();
    }

    @Test
    void forgottenSamplesAreNewAgainAndAnEmptyEntryGoes() {
        Map.Entry<String, SeenSamples.Times> entry = entry(null);
        mark(entry, NOW, 10, 20);
        new SeenSamples.Forget(Map.of(DEVICE, new long[] {20})).process(entry);
        assertThat(mark(entry, NOW, 10, 20)).containsExactly(10);
        new SeenSamples.Forget(Map.of(DEVICE, new long[] {10, 20})).process(entry);
        assertThat(entry.getValue()).isNull();
    }

    @Test
    void aDeviceNotInTheBatchIsLeftAlone() {
        SeenSamples.Times before = new SeenSamples.Times(new long[] {10}, new long[] {NOW});
        Map.Entry<String, SeenSamples.Times> other = new AbstractMap.SimpleEntry<>("other/device", before);
        assertThat(new SeenSamples.Mark(Map.of(DEVICE, new long[] {10}), NOW).process(other)).isEmpty();
        assertThat(other.getValue()).isSameAs(before);
    }

    @Test
    void theTimesAndTheProcessorsTravelAsHazelcastDataNotJavaSerialisation() {
        InternalSerializationService serialization = new DefaultSerializationServiceBuilder().build();
        SeenSamples.Times times = new SeenSamples.Times(new long[] {10, 20}, new long[] {NOW, NOW + 1});
        SeenSamples.Times read = serialization.toObject(serialization.toData(times));
        assertThat(read.contains(10) && read.contains(20) && read.size() == 2).isTrue();

        SeenSamples.Mark copy = serialization.toObject(serialization.toData(
                new SeenSamples.Mark(Map.of(DEVICE, new long[] {10, 30}), NOW + 2)));
        Map.Entry<String, SeenSamples.Times> entry = entry(read);
        assertThat(copy.process(entry)).containsExactly(10);
        assertThat(entry.getValue().size()).isEqualTo(3);
    }
}
