package cn.smedt.hub.partners;

import cn.smedt.hub.kernel.PartnerRegistry;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps this node's {@link PartnerRegistry} equal to the database: at start-up it lays the stored run-time changes
 * over the configured partners; after a change commits it applies them on this node (before the operator gets the
 * answer) and announces the change on a Hazelcast topic, on which every node of the cluster reloads them from the
 * database. Lookups on the request path never touch the database: each reload swaps the registry's snapshot.
 */
@Component
class RegistrySync {

    static final String TOPIC = "partner-registry-changes";
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySync.class);

    private final RegistryRows rows;
    private final PartnerRegistry registry;
    private final ITopic<String> topic;

    RegistrySync(RegistryRows rows, PartnerRegistry registry, HazelcastInstance hazelcast) {
        this.rows = rows;
        this.registry = registry;
        this.topic = hazelcast.getTopic(TOPIC);
        reload();
        topic.addMessageListener(message -> reload());
    }

    /**
     * Reads every run-time change and applies it; one reload at a time, so that an older read never replaces a
     * newer one.
     */
    synchronized void reload() {
        registry.apply(rows.load());
    }

    /** After the current transaction commits: apply the change here, then on every other node. */
    void afterCommit(String change) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    reload();
                } catch (RuntimeException e) {
                    LOG.error("partner registry: committed change not applied here yet ({}): {}", change, e.toString());
                }
                topic.publish(change);
                LOG.info("partner registry changed: {}", change);
            }
        });
    }
}
