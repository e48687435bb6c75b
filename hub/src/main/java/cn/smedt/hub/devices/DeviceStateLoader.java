package cn.smedt.hub.devices;

import com.hazelcast.map.MapLoader;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Loads the latest sample of each device back into {@value DeviceTelemetry#STATE_MAP} when the cluster starts (after a
 * restart of a single node, too), so that {@code lastSeen}, state and online status, and the counters the next
 * interval is measured from, survive it. Nothing is written here: {@link DeviceTelemetry} records each sample as its
 * device's latest in the same statement that adds its interval to {@code device_minute} (columns {@code last_*}). A
 * device's newest row with a latest sample holds its latest: the row's minute is that of the sample before the latest,
 * and samples are aggregated in timestamp order.
 */
@Component
class DeviceStateLoader implements MapLoader<String, DeviceState> {

    private final JdbcTemplate jdbc;

    DeviceStateLoader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public DeviceState load(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String uscc = key.substring(0, slash);
        String deviceId = key.substring(slash + 1);
        return jdbc.query("select last_sample_at, last_state, last_part_count, last_energy_kwh from device_minute"
                + " where uscc = ? and device_id = ? and last_sample_at is not null order by minute_start desc"
                + " fetch first 1 rows only", (rs, row) -> new DeviceState(uscc, deviceId,
                        rs.getObject(1, OffsetDateTime.class).toInstant(), MachineState.valueOf(rs.getString(2)),
                        rs.getLong(3), rs.getBigDecimal(4).setScale(DeviceState.ENERGY_SCALE)), uscc, deviceId)
                .stream().findFirst().orElse(null);
    }

    @Override
    public Map<String, DeviceState> loadAll(Collection<String> keys) {
        Map<String, DeviceState> states = new LinkedHashMap<>();
        for (String key : keys) {
            DeviceState state = load(key);
            if (state != null) {
                states.put(key, state);
            }
        }
        return states;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        return jdbc.query("select distinct uscc, device_id from device_minute where last_sample_at is not null",
                (rs, row) -> DeviceTelemetry.key(rs.getString(1), rs.getString(2)));
    }
}
