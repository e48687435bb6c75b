package cn.smedt.hub.assessments;

import cn.smedt.hub.loans.SubsidyDecisionRecord;
import cn.smedt.hub.loans.SubsidyDecisions;
import cn.smedt.hub.policy.SpendCategory;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Acceptances with their spend (Flyway V6) and their subsidy decisions (table subsidy_decision, V3). */
@Repository
class AcceptanceRepository {

    private final JdbcTemplate jdbc;
    private final SubsidyDecisions decisions;

    AcceptanceRepository(JdbcTemplate jdbc, SubsidyDecisions decisions) {
        this.jdbc = jdbc;
        this.decisions = decisions;
    }

    Optional<Acceptance> acceptance(String recordId) {
        return jdbc.query("select * from acceptance where record_id = ?", AcceptanceRepository::acceptance, recordId)
                .stream().findFirst().map(this::withSpend);
    }

    Optional<Acceptance> ofAssessor(String assessorId, String acceptanceId) {
        return jdbc.query("select * from acceptance where assessor_id = ? and acceptance_id = ?",
                AcceptanceRepository::acceptance, assessorId, acceptanceId).stream().findFirst().map(this::withSpend);
    }

    /** Stores an acceptance with its spend. */
    void insert(Acceptance a) {
        jdbc.update("""
                insert into acceptance (record_id, assessor_id, acceptance_id, uscc, region_code, accepted_on, outcome,
                                        track, provider_uscc, digital_level, level_record_id, status, received_at,
                                        project_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                a.recordId(), a.assessorId(), a.acceptanceId(), a.uscc(), a.regionCode(), Date.valueOf(a.acceptedOn()),
                a.outcome(), a.track(), a.providerUscc(), a.level(), a.levelRecordId(), a.status(),
                Timestamp.from(a.receivedAt()), a.projectId());
        jdbc.batchUpdate("insert into acceptance_spend (record_id, category, amount) values (?, ?, ?)",
                a.spend().entrySet().stream()
                        .map(e -> new Object[] {a.recordId(), e.getKey().yamlName(), e.getValue()}).toList());
    }

    /** The passed acceptances (stages) of a project with their spend, in the order they arrived. */
    List<Acceptance> passedOfProject(String projectId) {
        return jdbc.query("select * from acceptance where project_id = ? and outcome = 'PASSED'"
                + " order by received_at, record_id", AcceptanceRepository::acceptance, projectId).stream()
                .map(this::withSpend).toList();
    }

    /** How many of a project's acceptances passed, and how many of those are decided. */
    long passedStages(String projectId) {
        return jdbc.queryForObject("select count(*) from acceptance where project_id = ? and outcome = 'PASSED'",
                Long.class, projectId);
    }

    long decidedStages(String projectId) {
        return jdbc.queryForObject("select count(*) from acceptance where project_id = ? and status = ?", Long.class,
                projectId, Acceptance.DECIDED);
    }

    /** What the decisions of a project's acceptances granted in all. */
    BigDecimal grantedToProject(String projectId) {
        BigDecimal sum = jdbc.queryForObject("select sum(d.granted) from subsidy_decision d join acceptance a"
                + " on a.record_id = d.record_id where a.project_id = ? and d.kind in ('TRANSFORMATION',"
                + " 'DIAGNOSIS')", BigDecimal.class, projectId);
        return sum == null ? BigDecimal.ZERO.setScale(2) : sum.setScale(2);
    }

    void markDecided(String recordId) {
        jdbc.update("update acceptance set status = ? where record_id = ?", Acceptance.DECIDED, recordId);
    }

    /** The decisions of an acceptance, in the order they were made. */
    List<TransformationDecision> decisionsOf(String recordId) {
        return jdbc.query("select * from subsidy_decision where record_id = ? and kind in ('TRANSFORMATION',"
                + " 'DIAGNOSIS') order by decided_at, decision_id", AcceptanceRepository::decision, recordId);
    }

    /** Stores a decision as every subsidy decision is stored: its assessor is its partner, it has no loan. */
    void insert(TransformationDecision d) {
        decisions.insert(new SubsidyDecisionRecord(d.decisionId(), d.recordId(), d.kind(), d.uscc(), d.regionCode(),
                null, d.assessorId(), d.policyId(), d.policyVersion(), d.ruleId(), d.eligible(), d.granted(),
                d.capRemaining(), d.reasonCode(), d.detail(), d.decidedAt()));
    }

    private Acceptance withSpend(Acceptance a) {
        Map<SpendCategory, BigDecimal> spend = new EnumMap<>(SpendCategory.class);
        jdbc.query("select category, amount from acceptance_spend where record_id = ?", row -> {
            spend.put(SpendCategory.fromYamlName(row.getString("category")).orElseThrow(),
                    row.getBigDecimal("amount").setScale(2));
        }, a.recordId());
        return new Acceptance(a.recordId(), a.assessorId(), a.acceptanceId(), a.uscc(), a.regionCode(),
                a.acceptedOn(), a.passed(), a.track(), a.providerUscc(), spend, a.level(), a.levelRecordId(),
                a.status(), a.receivedAt(), a.projectId());
    }

    private static Acceptance acceptance(ResultSet rs, int row) throws SQLException {
        int level = rs.getInt("digital_level");
        Integer levelOrNull = rs.wasNull() ? null : level;
        return new Acceptance(rs.getString("record_id"), rs.getString("assessor_id"), rs.getString("acceptance_id"),
                rs.getString("uscc"), rs.getString("region_code"), rs.getDate("accepted_on").toLocalDate(),
                "PASSED".equals(rs.getString("outcome")), rs.getString("track"), rs.getString("provider_uscc"),
                Map.of(), levelOrNull, rs.getString("level_record_id"), rs.getString("status"),
                rs.getTimestamp("received_at").toInstant(), rs.getString("project_id"));
    }

    private static TransformationDecision decision(ResultSet rs, int row) throws SQLException {
        BigDecimal capRemaining = rs.getBigDecimal("cap_remaining");
        return new TransformationDecision(rs.getString("decision_id"), rs.getString("record_id"), rs.getString("kind"),
                rs.getString("uscc"), rs.getString("region_code"), rs.getString("partner_id"),
                rs.getString("policy_id"), rs.getString("policy_version"), rs.getString("rule_id"),
                rs.getBigDecimal("eligible").setScale(2), rs.getBigDecimal("granted").setScale(2),
                capRemaining == null ? null : capRemaining.setScale(2), rs.getString("reason_code"),
                rs.getString("detail"), rs.getTimestamp("decided_at").toInstant());
    }
}
