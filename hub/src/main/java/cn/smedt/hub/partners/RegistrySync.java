package cn.smedt.hub.partners;

import cn.smedt.hub.kernel.PartnerRegistry;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps every node's {@link PartnerRegistry} equal to the database: at start-up a node lays the stored run-time
 * changes over the configured partners; after a change commits, the node that took it reloads them and then has every
 * other member of the Hazelcast cluster reload them too (a task on each member, through the cluster's executor), and
 * waits for all of them before the operator gets the answer: when the admin operation answers, every node that is a
 * member applies the change. A member that does not confirm within {@link #APPLY_TIMEOUT} (it is leaving the cluster,
 * or hangs) is named in a WARN line; it reloads at its next change or restart. Lookups on the request path never touch
 * the database: each reload swaps the registry's snapshot.
 */
@Component
class RegistrySync {

    /** The cluster executor the reload tasks run on. */
    static final String EXECUTOR = "partner-registry-apply";
    /** How long the node that took a change waits for each other member to confirm it applied it. */
    static final Duration APPLY_TIMEOUT = Duration.ofSeconds(5);
    private static final String CONTEXT_KEY = RegistrySync.class.getName();
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySync.class);

    private final RegistryRows rows;
    private final PartnerRegistry registry;
    private final HazelcastInstance hazelcast;

    RegistrySync(RegistryRows rows, PartnerRegistry registry, HazelcastInstance hazelcast) {
        this.rows = rows;
        this.registry = registry;
        this.hazelcast = hazelcast;
        reload();
        hazelcast.getUserContext().put(CONTEXT_KEY, this);
    }

    /**
     * Reads every run-time change and applies it; one reload at a time, so that an older read never replaces a
     * newer one.
     */
    synchronized void reload() {
        registry.apply(rows.load());
    }

    /** After the current transaction commits: apply the change here, then on every other member, and wait for them. */
    void afterCommit(String change) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    reload();
                } catch (RuntimeException e) {
                    LOG.error("partner registry: committed change not applied here yet ({}): {}", change, e.toString());
                }
                applyOnOtherMembers(change);
                LOG.info("partner registry changed: {}", change);
            }
        });
    }

    private void applyOnOtherMembers(String change) {
        Member self = hazelcast.getCluster().getLocalMember();
        Set<Member> others = hazelcast.getCluster().getMembers().stream().filter(member -> !member.equals(self))
                .collect(Collectors.toSet());
        if (others.isEmpty()) {
            return;
        }
        Map<Member, Future<Boolean>> applied = hazelcast.getExecutorService(EXECUTOR)
                .submitToMembers(new ReloadOnMember(), others);
        long deadline = System.nanoTime() + APPLY_TIMEOUT.toNanos();
        applied.forEach((member, done) -> {
            try {
                if (!Boolean.TRUE.equals(done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))) {
                    LOG.warn("partner registry: member {} is not running a hub registry; change not applied there: {}",
                            member.getAddress(), change);
                }
            } catch (TimeoutException | ExecutionException e) {
                LOG.warn("partner registry: member {} did not confirm the change within {} s ({}); it applies it at "
                        + "its next reload: {}", member.getAddress(), APPLY_TIMEOUT.toSeconds(), e.toString(), change);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The task each other member runs after a change: reload its registry from the database. */
    static final class ReloadOnMember implements Callable<Boolean>, Serializable, HazelcastInstanceAware {

        @Serial
        private static final long serialVersionUID = 1L;

        private transient HazelcastInstance member;

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
            this.member = hazelcastInstance;
        }

        @Override
        public Boolean call() {
            if (!(member.getUserContext().get(CONTEXT_KEY) instanceof RegistrySync sync)) {
                return false;
            }
            sync.reload();
            return true;
        }
    }
}
