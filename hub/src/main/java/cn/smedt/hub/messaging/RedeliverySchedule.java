package cn.smedt.hub.messaging;

import java.time.Duration;
import java.util.Optional;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.stereotype.Component;

/**
 * When the broker delivers a message again after a failed attempt (a rolled-back transacted consumer): after attempt
 * {@code n} it waits {@code min(redeliveryDelay * 2^(n-1), maxRedeliveryDelay)}, and after attempt
 * {@code maxDeliveryAttempts} it moves the message to the dead-letter address instead. The same arithmetic as
 * Artemis' own (QueueImpl.calculateRedeliveryDelay, no collision-avoidance factor), so a consumer can say when the
 * next attempt comes. The delay is a scheduled redelivery on the broker: the consumer takes the next message at once.
 */
@Component
public class RedeliverySchedule {

    /** Factor of the exponential backoff. */
    static final double MULTIPLIER = 2.0;

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;

    public RedeliverySchedule(MessagingProperties props) {
        this.maxAttempts = props.maxDeliveryAttempts();
        this.initialDelay = props.redeliveryDelay();
        this.maxDelay = props.maxRedeliveryDelay();
    }

    /** Attempts before a message is dead-lettered. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait after failed attempt {@code attempt} (1-based), before the next; empty after the last attempt. */
    public Optional<Duration> nextRetryAfter(int attempt) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        long delay = (long) (initialDelay.toMillis() * Math.pow(MULTIPLIER, Math.max(attempt, 1) - 1));
        return Optional.of(Duration.ofMillis(Math.min(delay, maxDelay.toMillis())));
    }

    /** Time from the first attempt to the last: the longest outage of a receiver that costs no dead letter. */
    public Duration retryWindow() {
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            total = total.plus(nextRetryAfter(attempt).orElseThrow());
        }
        return total;
    }

    /** The schedule as the broker's address settings. */
    AddressSettings applyTo(AddressSettings settings) {
        return settings.setMaxDeliveryAttempts(maxAttempts)
                .setRedeliveryDelay(initialDelay.toMillis())
                .setRedeliveryMultiplier(MULTIPLIER)
                .setMaxRedeliveryDelay(maxDelay.toMillis());
    }
}
