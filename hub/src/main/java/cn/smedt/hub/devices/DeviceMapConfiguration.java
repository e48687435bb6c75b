package cn.smedt.hub.devices;

import cn.smedt.hub.cluster.ClusterMapContributor;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import org.springframework.stereotype.Component;

/**
 * The devices' latest samples ({@value DeviceTelemetry#STATE_MAP}): one backup, loaded from the database when the
 * cluster creates the map (eagerly, before telemetry is ingested or KPIs are answered), never written through by
 * Hazelcast (the telemetry's own statement does that, see {@link DeviceStateLoader}). The samples seen lately
 * ({@value DeviceTelemetry#SEEN_MAP}, {@link SeenSamples}): one backup, kept as objects (each batch replaces a
 * device's entry through an entry processor, which would otherwise read and write its whole array in serialised form),
 * a device's entry dropped when it has not been touched for {@value SeenSamples#KEEP_SECONDS} seconds.
 */
@Component
class DeviceMapConfiguration implements ClusterMapContributor {

    private final DeviceStateLoader loader;

    DeviceMapConfiguration(DeviceStateLoader loader) {
        this.loader = loader;
    }

    @Override
    public void contribute(Config config) {
        config.addMapConfig(new MapConfig(DeviceTelemetry.STATE_MAP)
                .setBackupCount(1)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(loader)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER)));
        config.addMapConfig(new MapConfig(DeviceTelemetry.SEEN_MAP)
                .setBackupCount(1)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setMaxIdleSeconds(SeenSamples.KEEP_SECONDS));
    }
}
