package cn.smedt.hub.packs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Loads the county packs' Camel YAML routes ({@code routes/<province>/<city>/<county>/routes/*.yaml}, on the
 * classpath under {@code packs/}) before Camel starts. (Camel's own routes-include-pattern loses the folders of
 * {@code **} matches inside a jar, so the files are found with Spring's resolver and handed to Camel's loader.)
 */
@Component
class PackRoutes implements CamelContextConfiguration {

    static final String PATTERN = "classpath*:packs/**/routes/*.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(PackRoutes.class);

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
        } catch (Exception e) {
            throw new PackDefinitionException("county pack routes cannot be loaded: " + e.getMessage());
        }
        LOG.info("loaded {} county pack route files", routes.size());
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing: pack routes start with the context (or stay off by their autoStartup setting)
    }
}
