package cn.smedt.hub.gateway;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.ProblemCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What the gateway measures of partner calls (docs/metrics.md):
 * <ul>
 *   <li>{@value #REQUESTS}: every call, timed from its first byte to its signed answer, by {@code operation} (the
 *       contract's operationId, {@code unknown} when the call matched none), {@code status} (HTTP) and {@code code}
 *       (the problem code of a refusal or failure, {@code none} for an answer below 400 that is no problem): so
 *       signature, replay and rate-limit refusals are counted by their code;</li>
 *   <li>{@value #REPLAYS}: writes answered from the idempotency store (same Idempotency-Key and body), by
 *       {@code operation}.</li>
 * </ul>
 * Tags take values from closed sets (the contracts' operations, the problem codes), so the number of series is
 * bounded whatever partners send.
 */
@Component
class GatewayMetrics {

    static final String REQUESTS = "hub.partner.requests";
    static final String REPLAYS = "hub.partner.idempotent.replays";
    /** Request attribute: the problem code the call was answered with. */
    private static final String PROBLEM = GatewayMetrics.class.getName() + ".problem";
    private static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;

    /**
     * The timers of {@value #REQUESTS} by (operation, status, code), looked up once each: building and registering a
     * meter per call (its id, tags, the registry's lookup) was a share of every call's CPU. The key space is as
     * bounded as the tags.
     */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String operation, int status, String code) {
    }

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Notes the problem code {@code request} is answered with, for {@link #answered}. */
    static void refused(HttpServletRequest request, ProblemCode code) {
        request.setAttribute(PROBLEM, code);
    }

    /** Records a call answered with {@code status}, {@code startNanos} being {@link System#nanoTime()} at its start. */
    void answered(HttpServletRequest request, ContractOperation operation, int status, long startNanos) {
        String code = request.getAttribute(PROBLEM) instanceof ProblemCode problem ? problem.code() : "none";
        TimerKey key = new TimerKey(operation == null ? UNKNOWN : operation.operationId(), status, code);
        timers.computeIfAbsent(key, k -> Timer.builder(REQUESTS)
                        .description("Partner calls, from the first byte to the signed answer")
                        .tag("operation", k.operation())
                        .tag("status", String.valueOf(k.status()))
                        .tag("code", k.code())
                        .register(registry))
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Records a write answered from the idempotency store. */
    void replayed(ContractOperation operation) {
        Counter.builder(REPLAYS).description("Writes answered from the idempotency store")
                .tag("operation", operation.operationId()).register(registry).increment();
    }
}
