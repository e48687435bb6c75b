package cn.smedt.hub.packs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Loads the county packs' Camel YAML routes ({@code <province>/<city>/<county>/routes/*.yaml}) before Camel starts:
 * those packaged on the classpath under {@code packs/}, then those in {@code hub.packs.dir} when set. It listens to
 * {@link PackFilesChanged} ({@link PackDirectoryWatcher}): a changed or new route file replaces the routes it
 * defined, without a restart; a file that does not parse is logged and the running routes stay as they were (a
 * removed file leaves its routes running until the next start). (Camel's own routes-include-pattern loses the
 * folders of {@code **} matches inside a jar, so the files are found with Spring's resolver and handed to Camel's
 * loader.)
 */
@Component
class PackRoutes implements CamelContextConfiguration {

    static final String PATTERN = "classpath*:packs/**/routes/*.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(PackRoutes.class);

    private final Path directory;
    /** Route ids defined by each file of the pack directory, replaced when the file changes. */
    private final Map<Path, Set<String>> routeIds = new HashMap<>();
    private volatile CamelContext camel;

    PackRoutes(PackProperties properties) {
        this.directory = properties.directory();
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        this.camel = camel;
        List<Resource> routes = new ArrayList<>();
        try {
            for (var file : new PathMatchingResourcePatternResolver(PackRoutes.class.getClassLoader())
                    .getResources(PATTERN)) {
                try (InputStream in = file.getInputStream()) {
                    String location = file.getURL().toString();
                    routes.add(ResourceHelper.fromString(location.substring(location.indexOf("packs/")),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(routes);
            for (Path file : PackFileKind.ROUTES.filesIn(directory)) {
                reload(file);
            }
        } catch (Exception e) {
            throw new PackDefinitionException("county pack routes cannot be loaded: " + e.getMessage());
        }
        LOG.info("loaded {} county pack route files", routes.size());
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // the directory's files follow through onPackFilesChanged
    }

    /** Reloads the route files of the pack directory that were added or changed. */
    @EventListener
    public void onPackFilesChanged(PackFilesChanged event) {
        if (camel == null) {
            return;
        }
        for (PackFilesChanged.Change change : event.of(PackFileKind.ROUTES)) {
            if (change.type() == PackFilesChanged.Type.REMOVED) {
                LOG.info("pack route file {} removed; its routes run until the next start", change.file());
                continue;
            }
            reload(change.file());
        }
    }

    /** Reloads one file; a file that does not parse is logged and changes nothing. */
    private synchronized void reload(Path file) {
        try {
            replace(file);
        } catch (Exception e) {
            LOG.error("pack file {} could not be reloaded; the running routes stay: {}", file, e.getMessage());
        }
    }

    /**
     * Parses the file first (a broken file changes nothing), then removes the routes it defined before and adds the
     * new ones.
     */
    private void replace(Path file) throws Exception {
        var builders = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource(file));
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
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
        Set<String> added = new TreeSet<>(ids());
        added.removeAll(before);
        routeIds.put(file, added);
        LOG.info("loaded pack routes {} from {}", added, file);
    }

    /** Ids of the routes defined in the context (definitions exist before Camel starts, routes only after). */
    private Set<String> ids() {
        Set<String> ids = new HashSet<>();
        camel.getRoutes().forEach(route -> ids.add(route.getRouteId()));
        camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()
                .forEach(definition -> ids.add(definition.getRouteId()));
        return ids;
    }

    private static Resource resource(Path file) throws IOException {
        return ResourceHelper.fromString("file:" + file.toAbsolutePath(), Files.readString(file));
    }
}
