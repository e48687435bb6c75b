package cn.smedt.hub.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.PingHealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health}, {@code /livez} and {@code /readyz} answer from states kept by a background evaluation:
 * every health indicator that does work (Camel's health checks, the JMS connection, Hazelcast, the database, the
 * disk) is evaluated, once the application is ready, on a background thread, {@link #INTERVAL} after its previous
 * evaluation ended, and reports the state that evaluation found. A caller never evaluates an indicator itself, so a
 * burst of polls costs no more than reading the kept states, where with only the endpoint's 1 s cache every caller
 * that arrived while the cache was stale evaluated all indicators itself (docs/benchmarks.md: p99 of seconds under
 * load). The answer is at most {@link #INTERVAL} plus one evaluation old, as with the cache. Not kept: Spring
 * Boot's availability states (liveness, readiness: set by events, read as they are) and {@code ping}. Before the
 * first background evaluation and once the node stops, an indicator is evaluated on the call, as without this.
 */
@Component
class BackgroundHealth implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundHealth.class);

    /** The pause between two evaluations of one indicator. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** Threads for the evaluations: one slow indicator (a database that does not answer) does not hold the others. */
    private static final int THREADS = 2;

    private final HealthContributorRegistry registry;
    private final List<Kept> kept = new ArrayList<>();
    private ScheduledExecutorService evaluator;
    private volatile boolean running;

    BackgroundHealth(HealthContributorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        AtomicInteger threads = new AtomicInteger();
        evaluator = Executors.newScheduledThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "health-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<NamedContributor<HealthContributor>> contributors = new ArrayList<>();
        registry.forEach(contributors::add);
        for (NamedContributor<HealthContributor> named : contributors) {
            if (named.getContributor() instanceof HealthIndicator indicator && worthKeeping(indicator)) {
                Kept state = new Kept(named.getName(), indicator);
                registry.unregisterContributor(named.getName());
                registry.registerContributor(named.getName(), state);
                kept.add(state);
            }
        }
        running = true;
    }

    /**
     * The background evaluations begin once the application is ready: before, Camel's checks would report the context
     * still starting (a WARN line per check and second in the start-up log), and callers evaluate on the call anyway.
     */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void evaluateInTheBackground() {
        if (!running) {
            return;
        }
        for (Kept state : kept) {
            evaluator.scheduleWithFixedDelay(state::refresh, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.debug("health indicators evaluated in the background: {}", kept.stream().map(Kept::name).toList());
    }

    /** Spring Boot's availability states and ping cost nothing to read: they are left as they are. */
    private static boolean worthKeeping(HealthIndicator indicator) {
        return !(indicator instanceof Kept) && !(indicator instanceof PingHealthIndicator)
                && !indicator.getClass().getPackageName().equals("org.springframework.boot.actuate.availability");
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (evaluator != null) {
            evaluator.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One indicator and the state its last background evaluation found. */
    private final class Kept implements HealthIndicator {
        private final String name;
        private final HealthIndicator indicator;
        private volatile Health state;

        Kept(String name, HealthIndicator indicator) {
            this.name = name;
            this.indicator = indicator;
        }

        String name() {
            return name;
        }

        @Override
        public Health health() {
            Health now = state;
            return now != null && running ? now : evaluate();
        }

        void refresh() {
            state = evaluate();
        }

        /** The indicator's answer; a failure (a defect of the indicator) is DOWN, and the evaluations go on. */
        private Health evaluate() {
            try {
                return indicator.health();
            } catch (RuntimeException failure) {
                return Health.down(failure).build();
            }
        }
    }
}
