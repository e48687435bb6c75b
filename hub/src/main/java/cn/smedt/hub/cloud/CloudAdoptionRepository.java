package cn.smedt.hub.cloud;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import cn.smedt.hub.storage.RaceFreeWrites;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The current cloud adoption per enterprise and its SaaS applications (Flyway V7). */
@Repository
class CloudAdoptionRepository {

    private final JdbcTemplate jdbc;
    private final RaceFreeWrites writes;

    CloudAdoptionRepository(JdbcTemplate jdbc, RaceFreeWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    Optional<CloudAdoption> current(String uscc) {
        List<SaasApp> apps = jdbc.query("select app_id, name, scenario from cloud_saas_app where uscc = ? order by seq",
                (rs, row) -> new SaasApp(rs.getString("app_id"), rs.getString("name"), rs.getString("scenario")),
                uscc);
        return jdbc.query("select * from cloud_adoption where uscc = ?", (rs, row) -> new CloudAdoption(
                rs.getString("uscc"), rs.getString("region_code"), rs.getString("platform_id"),
                rs.getDate("reported_on").toLocalDate(), apps, rs.getString("payment_mode"),
                rs.getInt("devices_connected"), rs.getTimestamp("received_at").toInstant()), uscc).stream().findFirst();
    }

    /** The reportedOn of the current state, if any. */
    Optional<LocalDate> currentReportedOn(String uscc) {
        return jdbc.queryForList("select reported_on from cloud_adoption where uscc = ?", Date.class, uscc).stream()
                .findFirst().map(Date::toLocalDate);
    }

    /**
     * Makes the report the current state unless the stored one is newer: a conditional update, or the insert of the
     * first report ({@link RaceFreeWrites#upsert}: of two concurrent first reports one inserts, the other then
     * updates), so of two concurrent reports the older can never win. The stored row stays locked until commit, so
     * the application rows below are replaced by one report at a time.
     *
     * @return true when the report is now the current state
     */
    boolean replaceUnlessNewer(CloudAdoption report) {
        boolean current = writes.upsert(() -> jdbc.update("""
                update cloud_adoption set region_code = ?, platform_id = ?, reported_on = ?, payment_mode = ?,
                                          devices_connected = ?, received_at = ?
                where uscc = ? and reported_on <= ?""", report.regionCode(), report.platformId(),
                Date.valueOf(report.reportedOn()), report.paymentMode(), report.devicesConnected(),
                Timestamp.from(report.receivedAt()), report.uscc(), Date.valueOf(report.reportedOn())),
                () -> jdbc.update("""
                        insert into cloud_adoption (uscc, region_code, platform_id, reported_on, payment_mode,
                                                    devices_connected, received_at)
                        values (?, ?, ?, ?, ?, ?, ?)""", report.uscc(), report.regionCode(), report.platformId(),
                        Date.valueOf(report.reportedOn()), report.paymentMode(), report.devicesConnected(),
                        Timestamp.from(report.receivedAt())));
        if (!current) {
            return false;
        }
        jdbc.update("delete from cloud_saas_app where uscc = ?", report.uscc());
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < report.saasApps().size(); i++) {
            SaasApp app = report.saasApps().get(i);
            rows.add(new Object[] {report.uscc(), i, app.appId(), app.name(), app.scenario()});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into cloud_saas_app (uscc, seq, app_id, name, scenario) values (?, ?, ?, ?, ?)",
                    rows);
        }
        return true;
    }
}
