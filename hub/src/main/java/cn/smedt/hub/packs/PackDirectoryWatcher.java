package cn.smedt.hub.packs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one watcher of the pack directory ({@code hub.packs.dir}): scans it every {@code hub.packs.scan-interval} and
 * publishes a {@link PackFilesChanged} naming the packs and files added, changed (modification time or size) or
 * removed since the previous scan. The route, policy, target and factory readers listen to it; none of them scans
 * the directory. The first scan's baseline is taken when the watcher is created, before the readers load, so no
 * change after start-up is missed. Scanning (rather than file-system events) sees new county folders and
 * half-written files the same way.
 */
@Component
public class PackDirectoryWatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PackDirectoryWatcher.class);

    private final Path root;
    private final PackProperties properties;
    private final ApplicationEventPublisher events;
    /** File to "modified:size" at the previous scan. */
    private Map<Path, String> seen;
    private ScheduledExecutorService scanner;

    PackDirectoryWatcher(PackProperties properties, ApplicationEventPublisher events) {
        this.properties = properties;
        this.root = properties.directory();
        this.events = events;
        this.seen = versions();
    }

    /**
     * Scans once: publishes the changes since the previous scan, if any (called every scan interval; public for
     * tests that do not want to wait).
     */
    public synchronized void scan() {
        Map<Path, String> now = versions();
        List<PackFilesChanged.Change> changes = new ArrayList<>();
        now.forEach((file, version) -> {
            String before = seen.get(file);
            if (!version.equals(before)) {
                changes.add(change(file, before == null ? PackFilesChanged.Type.ADDED : PackFilesChanged.Type.CHANGED));
            }
        });
        seen.keySet().stream().filter(file -> !now.containsKey(file))
                .forEach(file -> changes.add(change(file, PackFilesChanged.Type.REMOVED)));
        seen = now;
        if (changes.isEmpty()) {
            return;
        }
        changes.sort(java.util.Comparator.comparing(PackFilesChanged.Change::file));
        PackFilesChanged event = new PackFilesChanged(root, changes);
        LOG.info("pack directory {}: {} files changed in packs {}", root, changes.size(), event.packs());
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            LOG.error("a reader of the pack directory failed on {}: {}", event.packs(), e.getMessage(), e);
        }
    }

    private PackFilesChanged.Change change(Path file, PackFilesChanged.Type type) {
        return new PackFilesChanged.Change(PackFileKind.packOf(root, file), file, type);
    }

    private Map<Path, String> versions() {
        Map<Path, String> versions = new HashMap<>();
        if (root == null) {
            return versions;
        }
        try {
            for (Path file : PackFileKind.list(root)) {
                try {
                    versions.put(file, Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file));
                } catch (IOException gone) {
                    // removed while scanning: absent
                }
            }
        } catch (IOException e) {
            LOG.warn("pack directory {} cannot be read: {}", root, e.getMessage());
            return seen == null ? versions : seen;
        }
        return versions;
    }

    @Override
    public synchronized void start() {
        if (root == null || scanner != null) {
            return;
        }
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "pack-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.scanInterval().toMillis();
        scanner.scheduleWithFixedDelay(this::scan, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scanner != null) {
            scanner.shutdownNow();
            scanner = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scanner != null;
    }

    /** Starts in the last phase (after Camel), stops in the first; the baseline is the constructor's anyway. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
