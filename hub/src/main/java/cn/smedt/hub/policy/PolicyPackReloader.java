package cn.smedt.hub.policy;

import cn.smedt.hub.packs.PackFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reloads the policies when a {@code pack.yaml} or {@code policy.yaml} under {@code hub.packs.dir} is added, changed
 * or removed (checked every {@code hub.packs.scan-interval}): the whole set is loaded again and replaces the running
 * one only if it is valid; a broken file is logged with its field and the running policies stay.
 */
@Component
public class PolicyPackReloader {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyPackReloader.class);

    private final PolicyPacks packs;
    private final Path directory;
    private final PackFiles files;

    PolicyPackReloader(PolicyPacks packs, @Value("${hub.packs.dir:}") String directory) throws IOException {
        this.packs = packs;
        this.directory = directory == null || directory.isBlank() ? null : Path.of(directory);
        this.files = PackFiles.named(this.directory, Set.of("policy.yaml", "pack.yaml"));
    }

    @Scheduled(fixedDelayString = "${hub.packs.scan-interval:PT5S}", initialDelayString = "${hub.packs.scan-interval:PT5S}")
    synchronized void scan() throws IOException {
        if (!files.changed()) {
            return;
        }
        try {
            PolicyPacks fresh = PolicyPacks.load(PolicyPackReloader.class.getClassLoader(), directory);
            packs.replaceWith(fresh);
            LOG.info("policies reloaded from {}: {} packs", directory, fresh.all().size());
        } catch (RuntimeException e) {
            files.reloadFailed();
            LOG.warn("policies in {} not reloaded, the running ones stay: {}", directory, e.getMessage());
        }
    }

    /** Reloads refused since start (a broken file in the packs directory): for operators and tests. */
    public long failedReloads() {
        return files.failedReloads();
    }
}
