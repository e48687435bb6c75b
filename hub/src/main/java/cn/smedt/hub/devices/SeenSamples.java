package cn.smedt.hub.devices;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The samples seen lately, per device: the map {@value DeviceTelemetry#SEEN_MAP} holds, under the device's key
 * {@code <uscc>/<deviceId>}, the timestamps of its samples taken in the last {@value #KEEP_SECONDS} seconds
 * ({@link Times}), and its entry processors mark the samples of a whole batch as seen, or forget them again, in one
 * call ({@code IMap.executeOnKeys} over the batch's devices), whatever the batch's size. Each runs atomically on its
 * device's partition: two nodes marking the same sample at once see one of them first.
 *
 * <p>One entry per device, not per sample: a device that sends a sample a second has 3,600 timestamps in its entry
 * (57 KB) instead of 3,600 map entries (about 200 bytes each, with their own expiry records), and a batch costs one
 * operation per device instead of one per sample (docs/benchmarks.md). A device's entry goes when it has sent
 * nothing for {@value #KEEP_SECONDS} seconds (the map's max idle, {@link DeviceMapConfiguration}).
 */
final class SeenSamples {

    /** How long a sample is remembered as seen, from when it was taken: an hour. */
    static final int KEEP_SECONDS = 3600;

    private SeenSamples() {
    }

    /**
     * A device's samples seen lately: their timestamps ({@code at}, microseconds since the epoch, ascending) and when
     * each was marked ({@code markedAt}, epoch seconds of the hub's clock).
     */
    static final class Times implements DataSerializable {

        private long[] at = new long[0];
        private long[] markedAt = new long[0];

        /** For Hazelcast's deserialisation. */
        public Times() {
        }

        Times(long[] at, long[] markedAt) {
            this.at = at;
            this.markedAt = markedAt;
        }

        int size() {
            return at.length;
        }

        /** These times without the marks made before {@code oldest} (epoch seconds). */
        Times without(long oldest) {
            int kept = 0;
            for (long marked : markedAt) {
                kept += marked >= oldest ? 1 : 0;
            }
            if (kept == at.length) {
                return this;
            }
            long[] keptAt = new long[kept];
            long[] keptMarked = new long[kept];
            for (int i = 0, k = 0; i < at.length; i++) {
                if (markedAt[i] >= oldest) {
                    keptAt[k] = at[i];
                    keptMarked[k++] = markedAt[i];
                }
            }
            return new Times(keptAt, keptMarked);
        }

        boolean contains(long time) {
            return Arrays.binarySearch(at, time) >= 0;
        }

        /** These times and {@code added} (ascending, none of them here yet), marked at {@code now}. */
        Times with(long[] added, long now) {
            long[] mergedAt = new long[at.length + added.length];
            long[] mergedMarked = new long[mergedAt.length];
            int i = 0;
            int j = 0;
            for (int k = 0; k < mergedAt.length; k++) {
                if (j >= added.length || i < at.length && at[i] < added[j]) {
                    mergedAt[k] = at[i];
                    mergedMarked[k] = markedAt[i++];
                } else {
                    mergedAt[k] = added[j++];
                    mergedMarked[k] = now;
                }
            }
            return new Times(mergedAt, mergedMarked);
        }

        /** These times without {@code removed}. */
        Times without(long[] removed) {
            long[] sorted = removed.clone();
            Arrays.sort(sorted);
            int kept = 0;
            long[] keptAt = new long[at.length];
            long[] keptMarked = new long[at.length];
            for (int i = 0; i < at.length; i++) {
                if (Arrays.binarySearch(sorted, at[i]) < 0) {
                    keptAt[kept] = at[i];
                    keptMarked[kept++] = markedAt[i];
                }
            }
            return new Times(Arrays.copyOf(keptAt, kept), Arrays.copyOf(keptMarked, kept));
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLongArray(at);
            out.writeLongArray(markedAt);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            at = in.readLongArray();
            markedAt = in.readLongArray();
        }
    }

    /**
     * Marks samples as seen, each device's in its own entry: answers, per device, those of its times that were seen
     * before (an empty array when none was).
     */
    static final class Mark implements EntryProcessor<String, Times, long[]>, DataSerializable {

        private static final long serialVersionUID = 1L;

        private Map<String, long[]> times;
        private long now;

        /** For Hazelcast's deserialisation. */
        public Mark() {
        }

        /**
         * @param times the samples to mark: per device key, their timestamps (µs since the epoch), each once
         * @param now   the hub's clock, epoch seconds: the marks' time
         */
        Mark(Map<String, long[]> times, long now) {
            this.times = times;
            this.now = now;
        }

        @Override
        public long[] process(Map.Entry<String, Times> entry) {
            long[] marking = times.get(entry.getKey());
            if (marking == null) {
                return new long[0];
            }
            Times seen = entry.getValue() == null ? new Times() : entry.getValue().without(now - KEEP_SECONDS);
            long[] before = new long[marking.length];
            long[] added = new long[marking.length];
            int seenBefore = 0;
            int fresh = 0;
            for (long time : marking) {
                if (seen.contains(time)) {
                    before[seenBefore++] = time;
                } else {
                    added[fresh++] = time;
                }
            }
            added = Arrays.copyOf(added, fresh);
            Arrays.sort(added);
            entry.setValue(seen.with(added, now));
            return Arrays.copyOf(before, seenBefore);
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            writeTimes(out, times);
            out.writeLong(now);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            times = readTimes(in);
            now = in.readLong();
        }
    }

    /** Forgets samples as seen (their storing failed, so their redelivery must not be taken for duplicates). */
    static final class Forget implements EntryProcessor<String, Times, long[]>, DataSerializable {

        private static final long serialVersionUID = 1L;

        private Map<String, long[]> times;

        /** For Hazelcast's deserialisation. */
        public Forget() {
        }

        /** @param times the samples to forget: per device key, their timestamps (µs since the epoch) */
        Forget(Map<String, long[]> times) {
            this.times = times;
        }

        @Override
        public long[] process(Map.Entry<String, Times> entry) {
            long[] forgetting = times.get(entry.getKey());
            if (forgetting != null && entry.getValue() != null) {
                Times left = entry.getValue().without(forgetting);
                entry.setValue(left.size() == 0 ? null : left);
            }
            return new long[0];
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            writeTimes(out, times);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            times = readTimes(in);
        }
    }

    private static void writeTimes(ObjectDataOutput out, Map<String, long[]> times) throws IOException {
        out.writeInt(times.size());
        for (Map.Entry<String, long[]> device : times.entrySet()) {
            out.writeString(device.getKey());
            out.writeLongArray(device.getValue());
        }
    }

    private static Map<String, long[]> readTimes(ObjectDataInput in) throws IOException {
        int devices = in.readInt();
        Map<String, long[]> times = new HashMap<>(devices * 2);
        for (int i = 0; i < devices; i++) {
            times.put(in.readString(), in.readLongArray());
        }
        return times;
    }
}
