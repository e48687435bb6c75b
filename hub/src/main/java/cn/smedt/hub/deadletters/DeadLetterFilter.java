package cn.smedt.hub.deadletters;

import cn.smedt.hub.delivery.Deliveries;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Which dead letters an operator means (operations listDeadLetters, replayDeadLetters): deliveries to one target,
 * last failure in [{@code failedAfter}, {@code failedBefore}); null parts do not filter. The contract has checked
 * the values' form (target pattern, RFC 3339 instants).
 */
record DeadLetterFilter(String target, Instant failedAfter, Instant failedBefore) {

    static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null);

    static DeadLetterFilter of(String target, String failedAfter, String failedBefore) {
        return new DeadLetterFilter(blankToNull(target), instant(failedAfter), instant(failedBefore));
    }

    /** The filter of a body (replayDeadLetters), bound to the contract's model. */
    static DeadLetterFilter of(cn.smedt.api.model.DeadLetterFilter body) {
        return new DeadLetterFilter(blankToNull(body.getTarget()), instant(body.getFailedAfter()),
                instant(body.getFailedBefore()));
    }

    /**
     * The filter as an SQL-92 message selector on message properties only, so it means the same as a JMS selector
     * and as an Artemis core filter; null when it selects everything.
     */
    String selector() {
        List<String> terms = new ArrayList<>();
        if (target != null) {
            terms.add(Deliveries.TARGET_HEADER + " = '" + target.replace("'", "''") + "'");
        }
        if (failedAfter != null) {
            terms.add(DeadLetterStamp.FAILED_AT + " >= " + failedAfter.toEpochMilli());
        }
        if (failedBefore != null) {
            terms.add(DeadLetterStamp.FAILED_AT + " < " + failedBefore.toEpochMilli());
        }
        return terms.isEmpty() ? null : String.join(" AND ", terms);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Instant instant(String text) {
        return blankToNull(text) == null ? null : OffsetDateTime.parse(text).toInstant();
    }
}
