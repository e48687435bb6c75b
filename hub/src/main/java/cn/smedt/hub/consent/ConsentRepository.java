package cn.smedt.hub.consent;

import cn.smedt.hub.consent.Consent.SignedArtefact;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The consents and the accesses made under them (tables consent, consent_access: V50). */
@Component
class ConsentRepository {

    private final JdbcTemplate jdbc;

    ConsentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Consent c) {
        jdbc.update("insert into consent (consent_id, uscc, bank_id, purpose, categories, data_from, data_to,"
                        + " valid_from, valid_until, fetch_type, frequency_unit, frequency_value, granted_by, granted_at,"
                        + " payload, key_id, algorithm, signature) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?)", c.consentId(), c.uscc(), c.bankId(), c.purpose(), String.join(",", c.categories()),
                java.sql.Date.valueOf(c.dataFrom()), java.sql.Date.valueOf(c.dataTo()), Timestamp.from(c.validFrom()),
                Timestamp.from(c.validUntil()), c.fetchType(), c.frequencyUnit(), c.frequencyValue(), c.grantedBy(),
                Timestamp.from(c.grantedAt()), c.artefact().payload(), c.artefact().keyId(), c.artefact().algorithm(),
                c.artefact().signature());
    }

    Optional<Consent> find(String consentId) {
        return jdbc.query("select * from consent where consent_id = ?", ConsentRepository::consent, consentId)
                .stream().findFirst();
    }

    List<Consent> ofEnterprise(String uscc) {
        return jdbc.query("select * from consent where uscc = ? order by granted_at desc, consent_id", 
                ConsentRepository::consent, uscc);
    }

    /** Marks it revoked unless it already is; true when this call revoked it. */
    boolean revoke(String consentId, Instant at, String partnerId, String reason) {
        return jdbc.update("update consent set revoked_at = ?, revoked_by = ?, revoke_reason = ? where consent_id = ?"
                + " and revoked_at is null", Timestamp.from(at), partnerId, reason, consentId) == 1;
    }

    void insertAccess(ConsentAccessRecord access) {
        jdbc.update("insert into consent_access (access_id, consent_id, at, bank_id, purpose, categories, data_from,"
                        + " data_to, audit_seq) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", access.accessId(),
                access.consentId(), Timestamp.from(access.at()), access.bankId(), access.purpose(),
                String.join(",", access.categories()), java.sql.Date.valueOf(access.from()),
                java.sql.Date.valueOf(access.to()), access.auditSeq());
    }

    List<ConsentAccessRecord> accesses(String consentId) {
        return jdbc.query("select * from consent_access where consent_id = ? order by at, access_id",
                (rs, row) -> new ConsentAccessRecord(rs.getString("access_id"), rs.getString("consent_id"),
                        rs.getTimestamp("at").toInstant(), rs.getString("bank_id"), rs.getString("purpose"),
                        split(rs.getString("categories")), rs.getDate("data_from").toLocalDate(),
                        rs.getDate("data_to").toLocalDate(), rs.getLong("audit_seq")), consentId);
    }

    /** Accesses under the consent at or after {@code since} (the fetches already counted in a window). */
    long accessesSince(String consentId, Instant since) {
        Long count = jdbc.queryForObject("select count(*) from consent_access where consent_id = ? and at >= ?",
                Long.class, consentId, Timestamp.from(since));
        return count == null ? 0 : count;
    }

    private static Consent consent(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        int frequency = rs.getInt("frequency_value");
        return new Consent(rs.getString("consent_id"), rs.getString("uscc"), rs.getString("bank_id"),
                rs.getString("purpose"), split(rs.getString("categories")), date(rs, "data_from"), date(rs, "data_to"),
                rs.getTimestamp("valid_from").toInstant(), rs.getTimestamp("valid_until").toInstant(),
                rs.getString("fetch_type"), rs.getString("frequency_unit"), rs.wasNull() ? null : frequency,
                rs.getString("granted_by"), rs.getTimestamp("granted_at").toInstant(),
                new SignedArtefact(rs.getString("payload"), rs.getString("key_id"), rs.getString("algorithm"),
                        rs.getString("signature")),
                revoked == null ? null : revoked.toInstant(), rs.getString("revoked_by"));
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getDate(column).toLocalDate();
    }

    private static List<String> split(String csv) {
        return Arrays.asList(csv.split(","));
    }
}
