package cn.smedt.hub.packs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Loads the county packs' Camel YAML routes ({@code <province>/<city>/<county>/routes/*.yaml}) before Camel starts:
 * those packaged on the classpath under {@code packs/}, then those in {@code hub.packs.dir} when set. Files in that
 * directory are watched ({@link PackDirectoryWatcher}, every {@code hub.packs.scan-interval}): a changed or new route file replaces the routes it defined,
 * without a restart. (Camel's own routes-include-pattern loses the folders of {@code **} matches inside a jar, so
 * the files are found with Spring's resolver and handed to Camel's loader.)
 */
@Component
class PackRoutes implements CamelContextConfiguration {

    static final String PATTERN = "classpath*:packs/**/routes/*.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(PackRoutes.class);

    private final Path directory;
    private final java.time.Duration scanInterval;
    private PackDirectoryWatcher watcher;

    PackRoutes(@Value("${hub.packs.dir:}") String directory,
               @Value("${hub.packs.scan-interval:PT5S}") java.time.Duration scanInterval) {
        this.directory = directory == null || directory.isBlank() ? null : Path.of(directory);
        this.scanInterval = scanInterval;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
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
            if (directory != null) {
                watcher = new PackDirectoryWatcher(directory, camel, scanInterval);
                watcher.loadAll();
            }
        } catch (Exception e) {
            throw new PackDefinitionException("county pack routes cannot be loaded: " + e.getMessage());
        }
        LOG.info("loaded {} county pack route files", routes.size());
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        if (watcher != null) {
            watcher.start();
        }
    }

    static boolean isRouteFile(Path file) {
        return Files.isRegularFile(file) && file.toString().endsWith(".yaml")
                && file.getParent() != null && file.getParent().getFileName().toString().equals("routes");
    }

    static Resource resource(Path file) throws IOException {
        return ResourceHelper.fromString("file:" + file.toAbsolutePath(), Files.readString(file));
    }
}
