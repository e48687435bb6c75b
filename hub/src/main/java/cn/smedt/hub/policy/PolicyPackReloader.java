package cn.smedt.hub.policy;

import cn.smedt.hub.packs.PackFileKind;
import cn.smedt.hub.packs.PackFilesChanged;
import cn.smedt.hub.packs.PackProperties;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reloads the policies when a {@code pack.yaml} or {@code policy.yaml} under {@code hub.packs.dir} is added, changed
 * or removed ({@link PackFilesChanged} from the pack directory watcher): the whole set is loaded again and replaces
 * the running one only if it is valid; a broken file is logged with its field and the running policies stay.
 */
@Component
public class PolicyPackReloader {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyPackReloader.class);

    private final PolicyPacks packs;
    private final Path directory;
    private final AtomicLong failedReloads = new AtomicLong();

    PolicyPackReloader(PolicyPacks packs, PackProperties properties) {
        this.packs = packs;
        this.directory = properties.directory();
    }

    @EventListener
    public synchronized void onPackFilesChanged(PackFilesChanged event) {
        if (!event.concerns(PackFileKind.POLICY, PackFileKind.PACK)) {
            return;
        }
        try {
            PolicyPacks fresh = PolicyPacks.load(PolicyPackReloader.class.getClassLoader(), directory);
            packs.replaceWith(fresh);
            LOG.info("policies reloaded from {}: {} packs", directory, fresh.all().size());
        } catch (RuntimeException e) {
            failedReloads.incrementAndGet();
            LOG.warn("policies in {} not reloaded, the running ones stay: {}", directory, e.getMessage());
        }
    }

    /** Reloads refused since start (a broken file in the packs directory): for operators and tests. */
    public long failedReloads() {
        return failedReloads.get();
    }
}
