package cn.smedt.hub.ledger;

import cn.smedt.hub.cluster.ClusterMapContributor;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import org.springframework.stereotype.Component;

/**
 * The ledger map: write-through (write delay 0), one synchronous backup, loaded lazily; the store is also in the
 * member's user context, where the {@link GrantProcessor} looks earlier grants up.
 */
@Component
class LedgerMapConfiguration implements ClusterMapContributor {

    private final LedgerAccountStore store;

    LedgerMapConfiguration(LedgerAccountStore store) {
        this.store = store;
    }

    @Override
    public void contribute(com.hazelcast.config.Config config) {
        config.getUserContext().put(LedgerAccountStore.USER_CONTEXT_KEY, store);
        config.addMapConfig(new MapConfig(SubsidyLedger.MAP)
                .setBackupCount(1)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setImplementation(store)
                        .setWriteDelaySeconds(0)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY)));
    }
}
