package cn.smedt.hub.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's meter registry, in Prometheus form, and {@code GET /actuator/prometheus} on the operators' port
 * (docs/metrics.md). Spring Boot 3.5 serves the scrape only with the Prometheus client 1.x registry, which is not
 * served by the repository this project builds from; the simpleclient registry (micrometer 1.15.8) is, so the
 * registry and its endpoint are declared here. Being the one {@code MeterRegistry} bean, it is the registry every
 * meter of the node goes to, with Spring Boot's customisations ({@code management.metrics.*}) applied.
 */
@Configuration(proxyBeanMethods = false)
class PrometheusScrape {

    /** The Prometheus text format 0.0.4. */
    static final String TEXT_FORMAT = "text/plain;version=0.0.4;charset=utf-8";

    @Bean
    PrometheusMeterRegistry prometheusMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean
    Endpoint prometheusEndpoint(PrometheusMeterRegistry registry) {
        return new Endpoint(registry);
    }

    /** {@code /actuator/prometheus}: every meter of the node, in the text format. */
    @WebEndpoint(id = "prometheus")
    static class Endpoint {

        private final PrometheusMeterRegistry registry;

        Endpoint(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        @ReadOperation(produces = TEXT_FORMAT)
        String scrape() {
            return registry.scrape();
        }
    }
}
