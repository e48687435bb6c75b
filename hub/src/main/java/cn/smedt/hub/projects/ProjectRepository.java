package cn.smedt.hub.projects;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Projects and their stage starts (V77); the acceptances attached to a project are rows of table acceptance. */
@Repository
class ProjectRepository {

    private final JdbcTemplate jdbc;

    ProjectRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Project> project(String projectId) {
        return jdbc.query("select * from project where project_id = ?", this::row, projectId).stream()
                .findFirst();
    }

    Optional<Project> ofPartner(String registeredBy, String projectRef) {
        return jdbc.query("select * from project where registered_by = ? and project_ref = ?", this::row,
                registeredBy, projectRef).stream().findFirst();
    }

    /** The enterprise's projects, oldest first. */
    List<Project> ofEnterprise(String uscc) {
        return jdbc.query("select * from project where uscc = ? order by registered_at, project_id", this::row,
                uscc);
    }

    /**
     * Stores a new project.
     *
     * @param soleOf the enterprise's USCC when its policy refuses a second project (unique column), else null
     */
    void insert(Project p, String soleOf) {
        jdbc.update("""
                insert into project (project_id, project_ref, registered_by, uscc, region_code, track, planned_stages,
                                     common_scenarios, specific_scenarios, status, status_rank, sole_project_of,
                                     registered_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", p.projectId(), p.projectRef(), p.registeredBy(),
                p.uscc(), p.regionCode(), p.track(), p.plannedStages(), String.join(",", p.common()),
                String.join(",", p.specific()), p.status().name(), p.status().rank(), soleOf,
                Timestamp.from(p.registeredAt()));
    }

    /** Moves the status forward to {@code status}; a project already there or further is left as it is. */
    void advance(String projectId, ProjectStatus status) {
        jdbc.update("update project set status = ?, status_rank = ? where project_id = ? and status_rank < ?",
                status.name(), status.rank(), projectId, status.rank());
    }

    /** Sets the diagnosis unless one is set; answers whether it was set now. */
    boolean setDiagnosis(String projectId, Project.Diagnosis d) {
        return jdbc.update("update project set diagnosis_provider = ?, diagnosis_cost = ?, diagnosis_reported_on = ?"
                + " where project_id = ? and diagnosis_provider is null", d.providerUscc(), d.cost(),
                Date.valueOf(d.reportedOn()), projectId) > 0;
    }

    /** Sets the contract unless one is set; answers whether it was set now. */
    boolean setContract(String projectId, Project.Contract c) {
        return jdbc.update("update project set contract_providers = ?, contract_amount = ?, contract_signed_on = ?"
                + " where project_id = ? and contract_providers is null", String.join(",", c.providers()),
                c.amount(), Date.valueOf(c.signedOn()), projectId) > 0;
    }

    void insertStageStart(String projectId, Project.StageStart start, Instant at) {
        jdbc.update("insert into project_stage_start (project_id, stage, started_on, reported_at) values (?, ?, ?, ?)",
                projectId, start.stage(), Date.valueOf(start.startedOn()), Timestamp.from(at));
    }

    /** Projects of the regions, optionally of one status, in registration order, a page of them. */
    List<Project> page(Collection<String> regionCodes, ProjectStatus status, int limit, int offset) {
        List<Object> args = new ArrayList<>(regionCodes);
        String sql = "select * from project where region_code in (" + marks(regionCodes.size()) + ")"
                + (status == null ? "" : " and status = ?") + " order by registered_at, project_id"
                + " offset ? rows fetch next ? rows only";
        if (status != null) {
            args.add(status.name());
        }
        args.add(offset);
        args.add(limit);
        return regionCodes.isEmpty() ? List.of() : jdbc.query(sql, this::row, args.toArray());
    }

    long count(Collection<String> regionCodes, ProjectStatus status) {
        if (regionCodes.isEmpty()) {
            return 0;
        }
        List<Object> args = new ArrayList<>(regionCodes);
        if (status != null) {
            args.add(status.name());
        }
        return jdbc.queryForObject("select count(*) from project where region_code in (" + marks(regionCodes.size())
                + ")" + (status == null ? "" : " and status = ?"), Long.class, args.toArray());
    }

    /**
     * The acceptances attached to a project, in arrival order, each with the amount its decisions granted.
     *
     * @return acceptance record id to its row (acceptanceId, acceptedOn, result, status, granted)
     */
    List<Map<String, Object>> stages(String projectId) {
        List<Map<String, Object>> rows = new ArrayList<>();
        jdbc.query("""
                select a.record_id, a.acceptance_id, a.accepted_on, a.outcome, a.status,
                       (select sum(d.granted) from subsidy_decision d where d.record_id = a.record_id) granted
                from acceptance a where a.project_id = ? order by a.received_at, a.record_id""", rs -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("recordId", rs.getString("record_id"));
                    row.put("acceptanceId", rs.getString("acceptance_id"));
                    row.put("acceptedOn", rs.getDate("accepted_on").toLocalDate().toString());
                    row.put("result", rs.getString("outcome"));
                    row.put("status", rs.getString("status"));
                    BigDecimal granted = rs.getBigDecimal("granted");
                    row.put("granted", (granted == null ? BigDecimal.ZERO : granted).setScale(2).toPlainString());
                    rows.add(row);
                }, projectId);
        return rows;
    }

    private List<Project.StageStart> stageStarts(String projectId) {
        return jdbc.query("select stage, started_on from project_stage_start where project_id = ? order by stage",
                (rs, row) -> new Project.StageStart(rs.getInt("stage"), rs.getDate("started_on").toLocalDate()),
                projectId);
    }

    private Project row(ResultSet rs, int rowNum) throws SQLException {
        String diagnosisProvider = rs.getString("diagnosis_provider");
        Project.Diagnosis diagnosis = diagnosisProvider == null ? null : new Project.Diagnosis(diagnosisProvider,
                rs.getBigDecimal("diagnosis_cost").setScale(2), rs.getDate("diagnosis_reported_on").toLocalDate());
        String providers = rs.getString("contract_providers");
        Project.Contract contract = providers == null ? null : new Project.Contract(split(providers),
                rs.getBigDecimal("contract_amount").setScale(2), rs.getDate("contract_signed_on").toLocalDate());
        String projectId = rs.getString("project_id");
        return new Project(projectId, rs.getString("project_ref"), rs.getString("registered_by"),
                rs.getString("uscc"), rs.getString("region_code"), rs.getString("track"),
                rs.getInt("planned_stages"), split(rs.getString("common_scenarios")),
                split(rs.getString("specific_scenarios")), ProjectStatus.valueOf(rs.getString("status")), diagnosis,
                contract, stageStarts(projectId), rs.getTimestamp("registered_at").toInstant());
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
