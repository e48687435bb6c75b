package cn.smedt.hub.ledger;

import cn.smedt.hub.cluster.ClusterMapContributor;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import org.springframework.stereotype.Component;

/** The ledger map: write-through (write delay 0), one synchronous backup, loaded lazily. */
@Component
class LedgerMapConfiguration implements ClusterMapContributor {

    private final LedgerAccountStore store;

    LedgerMapConfiguration(LedgerAccountStore store) {
        this.store = store;
    }

    @Override
    public void contribute(com.hazelcast.config.Config config) {
        config.addMapConfig(new MapConfig(SubsidyLedger.MAP)
                .setBackupCount(1)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(store)
                        .setWriteDelaySeconds(0)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY)));
    }
}
