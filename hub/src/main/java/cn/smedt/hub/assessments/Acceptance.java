package cn.smedt.hub.assessments;

import cn.smedt.hub.policy.SpendCategory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The acceptance (验收) result of an enterprise's transformation project, with the audited spend, as stored.
 *
 * @param recordId      hub id ({@code AC} + 24 hex)
 * @param assessorId    partner id of the assessment body that submitted it
 * @param acceptanceId  the body's own id of the acceptance, unique per assessor
 * @param uscc          the enterprise
 * @param regionCode    the enterprise's county when the acceptance arrived
 * @param acceptedOn    date of the acceptance
 * @param passed        true for PASSED, false for FAILED
 * @param track         programme track of the project as named in the policy pack; null when none
 * @param providerUscc  the general contractor / integrator, if named
 * @param spend         audited spend per category, yuan, scale 2
 * @param level         the enterprise's latest assessed level when the acceptance arrived; null when never assessed
 * @param levelRecordId the assessment that level comes from (hub id); null when never assessed
 * @param status        {@link #RECEIVED} (decision pending), {@link #DECIDED}, or {@link #NOT_PASSED} (no decision)
 * @param receivedAt    when the hub stored it
 * @param projectId     the transformation project it is a stage of (package projects); null when it is its own
 *                      one-stage project
 */
public record Acceptance(String recordId, String assessorId, String acceptanceId, String uscc, String regionCode,
                         LocalDate acceptedOn, boolean passed, String track, String providerUscc,
                         Map<SpendCategory, BigDecimal> spend, Integer level, String levelRecordId, String status,
                         Instant receivedAt, String projectId) {

    /** A passed acceptance waiting for its subsidy decision. */
    public static final String RECEIVED = "RECEIVED";
    /** A passed acceptance whose decisions are stored. */
    public static final String DECIDED = "DECIDED";
    /** A failed acceptance: recorded, never decided. */
    public static final String NOT_PASSED = "NOT_PASSED";

    /** An acceptance that is its own one-stage project. */
    public Acceptance(String recordId, String assessorId, String acceptanceId, String uscc, String regionCode,
                      LocalDate acceptedOn, boolean passed, String track, String providerUscc,
                      Map<SpendCategory, BigDecimal> spend, Integer level, String levelRecordId, String status,
                      Instant receivedAt) {
        this(recordId, assessorId, acceptanceId, uscc, regionCode, acceptedOn, passed, track, providerUscc, spend,
                level, levelRecordId, status, receivedAt, null);
    }

    public Acceptance {
        EnumMap<SpendCategory, BigDecimal> copy = new EnumMap<>(SpendCategory.class);
        copy.putAll(spend);
        spend = Collections.unmodifiableMap(copy);
    }

    /** PASSED or FAILED, as in the contract. */
    public String outcome() {
        return passed ? "PASSED" : "FAILED";
    }

    /** Sum of all categories, yuan. */
    BigDecimal totalSpend() {
        return spend.values().stream().reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    /**
     * Same acceptance data, ignoring hub ids, region, level snapshot, status, time of receipt and the project (an
     * explicit projectId of a resubmission is compared by the intake).
     */
    boolean sameDataAs(Acceptance other) {
        return uscc.equals(other.uscc) && acceptedOn.equals(other.acceptedOn) && passed == other.passed
                && Objects.equals(track, other.track) && Objects.equals(providerUscc, other.providerUscc)
                && spend.equals(other.spend);
    }
}
