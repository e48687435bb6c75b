package cn.smedt.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * A stopped hub leaves none of its meter registries in Micrometer's static global registry, where Artemis and
 * Spring Boot put them: there they would keep the whole stopped hub reachable for as long as the JVM runs.
 */
class MeterRegistriesReleaseTest {

    @Test
    void theHubsRegistriesLeaveTheGlobalRegistryWhenTheContextCloses() throws Exception {
        MeterRegistry hubs = new SimpleMeterRegistry();
        MeterRegistry someoneElses = new SimpleMeterRegistry();
        DisposableBean release = new ArtemisBrokerConfiguration().meterRegistriesOutOfGlobalRegistry(
                new StaticListableBeanFactory(Map.of("meters", hubs)).getBeanProvider(MeterRegistry.class));
        Metrics.addRegistry(hubs); // as Artemis's MetricsManager does when the broker starts
        Metrics.addRegistry(someoneElses);
        try {
            release.destroy();

            assertThat(Metrics.globalRegistry.getRegistries()).doesNotContain(hubs).contains(someoneElses);
        } finally {
            Metrics.removeRegistry(hubs);
            Metrics.removeRegistry(someoneElses);
        }
    }
}
