package cn.smedt.hub.devices;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.partition.PartitionAwareKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The entry processors on {@value DeviceTelemetry#SEEN_MAP} (key {@code <uscc>/<deviceId>@<ts in µs>}, in the device's
 * partition), so that the samples of a whole batch are marked as seen, or forgotten again, in one call
 * ({@code IMap.executeOnKeys}) instead of one call per sample. Each runs atomically on its key's partition: two nodes marking the same sample at once see one
 * of them first.
 */
final class SeenSamples {

    /** How long a sample is remembered as seen. */
    static final long KEEP_HOURS = 1;

    private SeenSamples() {
    }

    /** Marks the sample as seen (for {@value #KEEP_HOURS} hour); answers whether it was seen before. */
    static final class Mark implements EntryProcessor<PartitionAwareKey<String, String>, Boolean, Boolean> {

        private static final long serialVersionUID = 1L;

        @Override
        public Boolean process(Map.Entry<PartitionAwareKey<String, String>, Boolean> entry) {
            if (entry.getValue() != null) {
                return Boolean.TRUE;
            }
            ((ExtendedMapEntry<PartitionAwareKey<String, String>, Boolean>) entry)
                    .setValue(Boolean.TRUE, KEEP_HOURS, TimeUnit.HOURS);
            return Boolean.FALSE;
        }
    }

    /** Forgets the sample as seen (its storing failed, so its redelivery must not be taken for a duplicate). */
    static final class Forget implements EntryProcessor<PartitionAwareKey<String, String>, Boolean, Boolean> {

        private static final long serialVersionUID = 1L;

        @Override
        public Boolean process(Map.Entry<PartitionAwareKey<String, String>, Boolean> entry) {
            entry.setValue(null);
            return Boolean.TRUE;
        }
    }
}
