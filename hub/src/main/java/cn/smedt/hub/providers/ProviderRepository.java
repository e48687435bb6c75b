package cn.smedt.hub.providers;

import cn.smedt.hub.loans.SubsidyDecisionRecord;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Providers, their fee reports, chain cases (V76) and their decisions (table subsidy_decision, V3). */
@Repository
class ProviderRepository {

    private final JdbcTemplate jdbc;

    ProviderRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ServiceProvider> provider(String uscc) {
        return jdbc.query("select * from service_provider where uscc = ?", (rs, row) -> new ServiceProvider(
                rs.getString("uscc"), rs.getString("name"), rs.getString("category"), rs.getString("region_code"),
                rs.getString("registered_by"), rs.getTimestamp("registered_at").toInstant()), uscc).stream()
                .findFirst();
    }

    void insert(ServiceProvider p) {
        jdbc.update("insert into service_provider (uscc, name, category, region_code, registered_by, registered_at)"
                + " values (?, ?, ?, ?, ?, ?)", p.uscc(), p.name(), p.category(), p.regionCode(), p.registeredBy(),
                Timestamp.from(p.registeredAt()));
    }

    Optional<FeesReport> report(String providerUscc, String reportId) {
        return jdbc.query("select * from provider_fees_report where provider_uscc = ? and report_id = ?",
                (rs, row) -> new FeesReport(rs.getString("record_id"), rs.getString("provider_uscc"),
                        rs.getString("report_id"), rs.getString("region_code"), rs.getInt("fee_year"),
                        rs.getBigDecimal("service_fees").setScale(2), rs.getBoolean("all_tasks_completed"),
                        rs.getString("reported_by"), rs.getTimestamp("received_at").toInstant()),
                providerUscc, reportId).stream().findFirst();
    }

    void insert(FeesReport r) {
        jdbc.update("""
                insert into provider_fees_report (record_id, provider_uscc, report_id, region_code, fee_year,
                                                  service_fees, all_tasks_completed, reported_by, received_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", r.recordId(), r.providerUscc(), r.reportId(), r.regionCode(),
                r.year(), r.serviceFees(), r.allTasksCompleted(), r.reportedBy(), Timestamp.from(r.receivedAt()));
    }

    Optional<ChainCase> chainCase(String caseId) {
        return jdbc.query("select * from chain_case where case_id = ?", (rs, row) -> new ChainCase(
                rs.getString("record_id"), rs.getString("case_id"), rs.getString("uscc"), rs.getString("region_code"),
                rs.getDate("recognised_on").toLocalDate(), rs.getString("reported_by"),
                rs.getTimestamp("received_at").toInstant()), caseId).stream().findFirst();
    }

    void insert(ChainCase c) {
        jdbc.update("""
                insert into chain_case (record_id, case_id, uscc, region_code, recognised_on, reported_by, received_at)
                values (?, ?, ?, ?, ?, ?, ?)""", c.recordId(), c.caseId(), c.uscc(), c.regionCode(),
                Date.valueOf(c.recognisedOn()), c.reportedBy(), Timestamp.from(c.receivedAt()));
    }

    /** The decision of a record of this kind (PROVIDER or CHAIN_CASE). */
    Optional<SubsidyDecisionRecord> decisionFor(String recordId, String kind) {
        return jdbc.query("select * from subsidy_decision where record_id = ? and kind = ?",
                ProviderRepository::decision, recordId, kind).stream().findFirst();
    }

    /** A provider's decisions (kind PROVIDER), in the order they were made. */
    List<SubsidyDecisionRecord> decisionsOfProvider(String providerUscc) {
        return jdbc.query("select * from subsidy_decision where uscc = ? and kind = 'PROVIDER'"
                + " order by decided_at, decision_id", ProviderRepository::decision, providerUscc);
    }

    void insert(SubsidyDecisionRecord d) {
        jdbc.update("""
                insert into subsidy_decision (decision_id, record_id, kind, uscc, region_code, loan_id, partner_id,
                        policy_id, policy_version, rule_id, eligible, granted, cap_remaining, reason_code, detail,
                        decided_at)
                values (?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                d.decisionId(), d.recordId(), d.kind(), d.uscc(), d.regionCode(), d.partnerId(), d.policyId(),
                d.policyVersion(), d.ruleId(), d.eligible(), d.granted(), d.capRemaining(), d.reasonCode(),
                d.detail(), Timestamp.from(d.decidedAt()));
    }

    private static SubsidyDecisionRecord decision(ResultSet rs, int row) throws SQLException {
        var capRemaining = rs.getBigDecimal("cap_remaining");
        return new SubsidyDecisionRecord(rs.getString("decision_id"), rs.getString("record_id"), rs.getString("kind"),
                rs.getString("uscc"), rs.getString("region_code"), null, rs.getString("partner_id"),
                rs.getString("policy_id"), rs.getString("policy_version"), rs.getString("rule_id"),
                rs.getBigDecimal("eligible").setScale(2), rs.getBigDecimal("granted").setScale(2),
                capRemaining == null ? null : capRemaining.setScale(2), rs.getString("reason_code"),
                rs.getString("detail"), rs.getTimestamp("decided_at").toInstant());
    }
}
