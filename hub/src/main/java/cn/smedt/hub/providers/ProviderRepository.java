package cn.smedt.hub.providers;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Providers, their fee reports and chain cases (V76); their decisions are rows of {@link cn.smedt.hub.loans.SubsidyDecisions}. */
@Repository
class ProviderRepository implements cn.smedt.hub.kernel.ServiceProviderLookup {

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

    @Override
    public boolean isRegistered(String uscc) {
        return provider(uscc).isPresent();
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
}
