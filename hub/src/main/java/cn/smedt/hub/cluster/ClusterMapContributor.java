package cn.smedt.hub.cluster;

import com.hazelcast.config.Config;

/**
 * Lets a feature configure its own Hazelcast structures (map stores, TTLs, backups) before the member starts, so
 * the cluster wiring knows nothing about features.
 */
public interface ClusterMapContributor {

    void contribute(Config config);
}
