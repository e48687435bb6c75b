package cn.smedt.hub.assessments;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A digital-level assessment (数字化水平评测) of an enterprise, as stored in its level history.
 *
 * @param recordId     hub id ({@code AS} + 24 hex)
 * @param assessorId   partner id of the assessment body that submitted it
 * @param assessmentId the body's report number, unique per assessor
 * @param uscc         the enterprise
 * @param regionCode   the enterprise's county when the assessment arrived
 * @param assessedOn   date of the assessment (inside the assessor's qualification, not in the future)
 * @param indexEdition edition of the index used ({@code MIIT-2024})
 * @param level        digital level 1-4 (一级..四级) as the body set it
 * @param scores       the score breakdown, parts adding up to the total
 * @param scenarios    business scenario ratings, in submission order (may be empty)
 * @param receivedAt   when the hub stored it
 */
public record Assessment(String recordId, String assessorId, String assessmentId, String uscc, String regionCode,
                         LocalDate assessedOn, String indexEdition, int level, ScoreBreakdown scores,
                         List<ScenarioRating> scenarios, Instant receivedAt) {

    public Assessment {
        scenarios = List.copyOf(scenarios);
    }

    /** Same assessment data, ignoring ids of the hub, the region and the time of receipt. */
    boolean sameDataAs(Assessment other) {
        return uscc.equals(other.uscc) && assessedOn.equals(other.assessedOn)
                && indexEdition.equals(other.indexEdition) && level == other.level && scores.sameAs(other.scores)
                && scenarios.equals(other.scenarios);
    }
}
