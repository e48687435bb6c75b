package cn.smedt.hub.assessments;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Assessments and their scenario ratings: the level history of each enterprise (Flyway V6). */
@Repository
class AssessmentRepository {

    private static final String COLUMNS = "record_id, assessor_id, assessment_id, uscc, region_code, assessed_on,"
            + " index_edition, digital_level, score_equipment_systems, score_data_collection,"
            + " score_information_systems, score_security, score_management, score_effect, score_total, received_at";

    private final JdbcTemplate jdbc;

    AssessmentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Assessment> ofAssessor(String assessorId, String assessmentId) {
        return withScenarios(jdbc.query("select " + COLUMNS + " from assessment where assessor_id = ?"
                + " and assessment_id = ?", AssessmentRepository::assessment, assessorId, assessmentId))
                .stream().findFirst();
    }

    /** The enterprise's assessments, oldest first: by assessment date, then by receipt. */
    List<Assessment> history(String uscc) {
        return withScenarios(jdbc.query("select " + COLUMNS + " from assessment where uscc = ?"
                + " order by assessed_on, received_at, record_id", AssessmentRepository::assessment, uscc));
    }

    /** The latest assessment: the latest assessment date, and of one date the last received. */
    Optional<Assessment> latest(String uscc) {
        return withScenarios(jdbc.query("select " + COLUMNS + " from assessment where uscc = ?"
                + " order by assessed_on desc, received_at desc, record_id desc fetch first 1 rows only",
                AssessmentRepository::assessment, uscc)).stream().findFirst();
    }

    void insert(Assessment a) {
        var s = a.scores();
        jdbc.update("insert into assessment (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.recordId(), a.assessorId(), a.assessmentId(), a.uscc(), a.regionCode(), Date.valueOf(a.assessedOn()),
                a.indexEdition(), a.level(), s.equipmentAndSystems(), s.dataCollection(), s.informationSystems(),
                s.security(), s.management(), s.effect(), s.total(), Timestamp.from(a.receivedAt()));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < a.scenarios().size(); i++) {
            ScenarioRating r = a.scenarios().get(i);
            rows.add(new Object[] {a.recordId(), i, r.scenario(), r.rating()});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into assessment_scenario (record_id, seq, scenario, rating) values (?, ?, ?, ?)",
                    rows);
        }
    }

    private List<Assessment> withScenarios(List<Assessment> found) {
        if (found.isEmpty()) {
            return found;
        }
        Map<String, List<ScenarioRating>> byRecord = new HashMap<>();
        String marks = String.join(",", java.util.Collections.nCopies(found.size(), "?"));
        jdbc.query("select record_id, scenario, rating from assessment_scenario where record_id in (" + marks + ")"
                + " order by record_id, seq", rs -> {
                    byRecord.computeIfAbsent(rs.getString("record_id"), id -> new ArrayList<>())
                            .add(new ScenarioRating(rs.getString("scenario"), rs.getInt("rating")));
                }, found.stream().map(Assessment::recordId).toArray());
        return found.stream().map(a -> new Assessment(a.recordId(), a.assessorId(), a.assessmentId(), a.uscc(),
                a.regionCode(), a.assessedOn(), a.indexEdition(), a.level(), a.scores(),
                byRecord.getOrDefault(a.recordId(), List.of()), a.receivedAt())).toList();
    }

    private static Assessment assessment(ResultSet rs, int row) throws SQLException {
        ScoreBreakdown scores = new ScoreBreakdown(rs.getBigDecimal("score_equipment_systems").setScale(2),
                rs.getBigDecimal("score_data_collection").setScale(2),
                rs.getBigDecimal("score_information_systems").setScale(2),
                rs.getBigDecimal("score_security").setScale(2), rs.getBigDecimal("score_management").setScale(2),
                rs.getBigDecimal("score_effect").setScale(2), rs.getBigDecimal("score_total").setScale(2));
        return new Assessment(rs.getString("record_id"), rs.getString("assessor_id"), rs.getString("assessment_id"),
                rs.getString("uscc"), rs.getString("region_code"), rs.getDate("assessed_on").toLocalDate(),
                rs.getString("index_edition"), rs.getInt("digital_level"), scores, List.of(),
                rs.getTimestamp("received_at").toInstant());
    }
}
