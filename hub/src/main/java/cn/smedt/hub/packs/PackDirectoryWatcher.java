package cn.smedt.hub.packs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a pack directory ({@code hub.packs.dir}) by scanning it every {@code interval} and reloads a county's route
 * file when it is new or changed (modification time or size): Camel replaces the routes that file defined (same
 * source) and starts the new ones. A file that does not parse is logged and the running routes stay as they were.
 * Scanning (rather than file-system events) sees new county folders and half-written files the same way.
 */
final class PackDirectoryWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(PackDirectoryWatcher.class);

    private final Path root;
    private final CamelContext camel;
    private final Duration interval;
    private final Map<Path, String> seen = new HashMap<>();
    private final Map<Path, Set<String>> routeIds = new HashMap<>();
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pack-watcher");
        thread.setDaemon(true);
        return thread;
    });

    PackDirectoryWatcher(Path root, CamelContext camel, Duration interval) {
        this.root = root;
        this.camel = camel;
        this.interval = interval;
    }

    /** Loads every route file of the directory (before Camel starts). */
    void loadAll() {
        scan(true);
    }

    /** Starts watching for new and changed files. */
    void start() {
        scanner.scheduleWithFixedDelay(() -> scan(true), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        camel.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                scanner.shutdownNow();
            }
        });
    }

    /** Loads the route files that are new or changed since the last scan. */
    private synchronized void scan(boolean load) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(PackRoutes::isRouteFile).sorted().toList();
        } catch (IOException e) {
            LOG.warn("pack directory {} cannot be read: {}", root, e.getMessage());
            return;
        }
        for (Path file : files) {
            try {
                String version = version(file);
                if (version.equals(seen.put(file, version)) || !load) {
                    continue;
                }
                replace(file);
            } catch (Exception e) {
                LOG.error("pack file {} could not be reloaded; the running routes stay: {}", file, e.getMessage());
            }
        }
    }

    /**
     * Parses the file first (a broken file changes nothing), then removes the routes it defined before and adds the
     * new ones.
     */
    private void replace(Path file) throws Exception {
        var builders = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(PackRoutes.resource(file));
        org.apache.camel.model.Model model = camel.getCamelContextExtension()
                .getContextPlugin(org.apache.camel.model.Model.class);
        for (String id : routeIds.getOrDefault(file, Set.of())) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
            var definition = model.getRouteDefinition(id);
            if (definition != null) {
                model.removeRouteDefinition(definition);
            }
        }
        Set<String> before = ids();
        for (var builder : builders) {
            camel.addRoutes(builder);
        }
        Set<String> added = new java.util.TreeSet<>(ids());
        added.removeAll(before);
        routeIds.put(file, added);
        LOG.info("loaded pack routes {} from {}", added, file);
    }

    /** Ids of the routes defined in the context (definitions exist before Camel starts, routes only after). */
    private Set<String> ids() {
        Set<String> ids = new java.util.HashSet<>();
        camel.getRoutes().forEach(route -> ids.add(route.getRouteId()));
        camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class).getRouteDefinitions()
                .forEach(definition -> ids.add(definition.getRouteId()));
        return ids;
    }

    private static String version(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        return modified.toMillis() + ":" + Files.size(file);
    }
}
