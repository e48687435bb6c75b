package cn.smedt.hub.enterprises;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Enterprises in the relational store (table {@code enterprise}, Flyway V1). */
@Repository
class EnterpriseRepository {

    private final JdbcTemplate jdbc;

    EnterpriseRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Enterprise> find(String uscc) {
        return jdbc.query("select * from enterprise where uscc = ?", EnterpriseRepository::map, uscc)
                .stream().findFirst();
    }

    long count() {
        Long count = jdbc.queryForObject("select count(*) from enterprise", Long.class);
        return count == null ? 0 : count;
    }

    void insert(Enterprise e) {
        jdbc.update("""
                insert into enterprise (uscc, name, region_code, industry_code, scale, tags, pilot, pilot_batch,
                                        registered_by, registered_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                e.uscc(), e.name(), e.regionCode(), e.industryCode(), e.scale(), String.join(",", e.tags()),
                e.pilot(), e.pilotBatch(), e.registeredBy(), Timestamp.from(e.registeredAt()),
                Timestamp.from(e.updatedAt()));
    }

    void update(Enterprise e) {
        jdbc.update("""
                update enterprise set name = ?, region_code = ?, industry_code = ?, scale = ?, tags = ?, pilot = ?,
                                      pilot_batch = ?, updated_at = ?
                where uscc = ?""",
                e.name(), e.regionCode(), e.industryCode(), e.scale(), String.join(",", e.tags()), e.pilot(),
                e.pilotBatch(), Timestamp.from(e.updatedAt()), e.uscc());
    }

    private static Enterprise map(ResultSet rs, int row) throws SQLException {
        String tags = rs.getString("tags");
        return new Enterprise(rs.getString("uscc"), rs.getString("name"), rs.getString("region_code"),
                rs.getString("industry_code"), rs.getString("scale"),
                tags == null || tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
                rs.getBoolean("pilot"), rs.getString("pilot_batch"), rs.getString("registered_by"),
                rs.getTimestamp("registered_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
