package cn.smedt.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/**
 * The default retry schedule (issue 16: a government platform down for 154 s cost 166 dead letters with 6 attempts
 * in ~30 s) rides out a receiver outage of more than an hour, with every delay within the cap; and it is the
 * schedule the broker is given. The numbers are those of docs/operations.md.
 */
class RedeliveryScheduleTest {

    /** hub.messaging as the packaged application.yml configures it (record defaults for what it leaves out). */
    static MessagingProperties packagedDefaults() throws IOException {
        var sources = new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("hub.messaging", Bindable.of(MessagingProperties.class));
    }

    @Test
    void theDefaultScheduleRidesOutAnOutageOfMoreThanAnHourWithDelaysCappedAtTenMinutes() throws IOException {
        MessagingProperties props = packagedDefaults();
        RedeliverySchedule schedule = new RedeliverySchedule(props);

        assertThat(props.maxDeliveryAttempts()).isEqualTo(20);
        assertThat(props.redeliveryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(props.maxRedeliveryDelay()).isEqualTo(Duration.ofMinutes(10));
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 1; attempt < schedule.maxAttempts(); attempt++) {
            delays.add(schedule.nextRetryAfter(attempt).orElseThrow());
        }
        assertThat(delays).hasSize(19).allSatisfy(delay -> assertThat(delay).isLessThanOrEqualTo(Duration.ofMinutes(10)));
        assertThat(delays.subList(0, 10)).extracting(Duration::toSeconds)
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L);
        assertThat(delays.subList(10, 19)).containsOnly(Duration.ofMinutes(10));
        assertThat(schedule.nextRetryAfter(20)).as("after the last attempt: the dead-letter queue").isEmpty();

        Duration sum = delays.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(sum).isEqualTo(schedule.retryWindow()).isEqualTo(Duration.ofSeconds(6423))
                .isGreaterThan(Duration.ofHours(1));
    }

    @Test
    void theBrokerGetsTheSchedule() throws IOException {
        MessagingProperties props = packagedDefaults();
        ConfigurationImpl broker = new ConfigurationImpl();

        new ArtemisBrokerConfiguration().hubBrokerCustomizer(props, new RedeliverySchedule(props),
                new StaticListableBeanFactory().getBeanProvider(BrokerSubscription.class),
                new BrokerTlsProperties(null, null), new org.springframework.boot.ssl.DefaultSslBundleRegistry(),
                java.nio.file.Path.of("target"), new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class))
                .customize(broker);

        AddressSettings all = broker.getAddressSettings().get("#");
        assertThat(all.getMaxDeliveryAttempts()).isEqualTo(20);
        assertThat(all.getRedeliveryDelay()).isEqualTo(1_000L);
        assertThat(all.getRedeliveryMultiplier()).isEqualTo(2.0);
        assertThat(all.getMaxRedeliveryDelay()).isEqualTo(600_000L);
        assertThat(all.getRedeliveryCollisionAvoidanceFactor()).as("no jitter: the logged next retry is exact")
                .isZero();
    }

    @Test
    void aShortTestScheduleIsCappedToo() {
        RedeliverySchedule schedule = new RedeliverySchedule(new MessagingProperties(null, null, 12,
                Duration.ofMillis(200), Duration.ofSeconds(1), null));

        assertThat(schedule.nextRetryAfter(1)).contains(Duration.ofMillis(200));
        assertThat(schedule.nextRetryAfter(3)).contains(Duration.ofMillis(800));
        assertThat(schedule.nextRetryAfter(4)).contains(Duration.ofSeconds(1));
        assertThat(schedule.nextRetryAfter(11)).contains(Duration.ofSeconds(1));
        assertThat(schedule.nextRetryAfter(12)).isEmpty();
        assertThat(schedule.retryWindow()).isEqualTo(Duration.ofMillis(200 + 400 + 800 + 8 * 1000));
    }

    @Test
    void anUnusableScheduleDoesNotStart() {
        assertThatThrownBy(() -> new MessagingProperties(null, null, 0, null, null, null))
                .isInstanceOf(BrokerConfigurationException.class).hasMessageContaining("max-delivery-attempts");
        assertThatThrownBy(() -> new MessagingProperties(null, null, 5, Duration.ofMinutes(20), null, null))
                .isInstanceOf(BrokerConfigurationException.class).hasMessageContaining("max-redelivery-delay");
    }
}
