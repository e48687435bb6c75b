package cn.smedt.hub.node;

import cn.smedt.hub.storage.StorageFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Periodic work: outbox sweeps, statistics roll-ups. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulingConfiguration.class);

    /**
     * A periodic task that fails because the database is unavailable is tried again at its next run: one WARN line,
     * not a stack trace every second of an outage. Any other failure is a defect and logged with its stack trace.
     */
    @Bean
    ThreadPoolTaskSchedulerCustomizer storageAwareErrors() {
        return scheduler -> scheduler.setErrorHandler(failure -> {
            if (StorageFailures.unavailable(failure)) {
                LOG.warn("periodic task skipped, storage unavailable: {}", StorageFailures.summary(failure));
            } else {
                LOG.error("periodic task failed", failure);
            }
        });
    }
}
