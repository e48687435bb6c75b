package cn.smedt.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The integration hub: one binary for province, city and county nodes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HubApplication {

    /** The JDK's system property that sizes {@link java.util.concurrent.ForkJoinPool#commonPool()}. */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) {
        // Hazelcast completes its asynchronous calls (a map's putAll, for one) in the common pool only when that pool
        // has a parallelism above 1, else it starts a new thread for each completion (its ConcurrencyUtil); the JDK's
        // default is one less than the cores, 1 on two cores, where the telemetry path started about 20 threads a
        // second (docs/benchmarks.md). Unless the operator sized the pool, it gets at least 2.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM,
                    String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
        SpringApplication.run(HubApplication.class, args);
    }
}
