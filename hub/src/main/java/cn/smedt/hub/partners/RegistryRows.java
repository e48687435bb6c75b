package cn.smedt.hub.partners;

import cn.smedt.hub.kernel.PartnerProperties.KeyConfig;
import cn.smedt.hub.kernel.PartnerProperties.PartnerConfig;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.RuntimeRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The run-time changes of the partner registry (tables registry_partner, registry_key, registry_key_revocation,
 * registry_partner_status: V80).
 */
@Component
class RegistryRows {

    private final JdbcTemplate jdbc;

    RegistryRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every run-time change, as the registry lays it over the configured partners. */
    RuntimeRegistry load() {
        List<PartnerConfig> partners = jdbc.query("select * from registry_partner order by partner_id",
                RegistryRows::partner);
        List<RuntimeRegistry.Key> keys = jdbc.query("select * from registry_key order by added_at, key_id",
                (rs, row) -> new RuntimeRegistry.Key(rs.getString("partner_id"), key(rs)));
        Map<String, Instant> revoked = new HashMap<>();
        jdbc.query("select key_id, revoked_at from registry_key_revocation",
                rs -> { revoked.put(rs.getString(1), rs.getTimestamp(2).toInstant()); });
        Set<String> suspended = new HashSet<>(jdbc.queryForList(
                "select partner_id from registry_partner_status where suspended = ?", String.class, true));
        return new RuntimeRegistry(partners, keys, revoked, suspended);
    }

    void insertPartner(PartnerConfig partner, String by, Instant at) {
        jdbc.update("insert into registry_partner (partner_id, name, partner_type, regions, scopes,"
                        + " rate_limit_per_second, webhook_url, uscc, onboarded_by, onboarded_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", partner.id(), partner.name(),
                partner.type().name(), String.join(",", partner.regions()), String.join(",", partner.scopes()),
                partner.rateLimitPerSecond(), partner.webhookUrl(), partner.uscc(), by, Timestamp.from(at));
    }

    Optional<PartnerConfig> partner(String partnerId) {
        return jdbc.query("select * from registry_partner where partner_id = ?", RegistryRows::partner, partnerId)
                .stream().findFirst();
    }

    void insertKey(String partnerId, KeyConfig key, String by, Instant at) {
        jdbc.update("insert into registry_key (key_id, partner_id, algorithm, public_key_pem, not_before, not_after,"
                        + " added_by, added_at) values (?, ?, ?, ?, ?, ?, ?, ?)", key.keyId(), partnerId,
                key.algorithm(), key.publicKeyPem(), timestamp(key.notBefore()), timestamp(key.notAfter()), by,
                Timestamp.from(at));
    }

    /** The key added at run time with this id, and whose it is. */
    Optional<RuntimeRegistry.Key> key(String keyId) {
        return jdbc.query("select * from registry_key where key_id = ?",
                (rs, row) -> new RuntimeRegistry.Key(rs.getString("partner_id"), key(rs)), keyId).stream().findFirst();
    }

    /** True when the key id was ever revoked (a revoked id is never registered again). */
    boolean revoked(String keyId) {
        Long count = jdbc.queryForObject("select count(*) from registry_key_revocation where key_id = ?", Long.class,
                keyId);
        return count != null && count > 0;
    }

    void insertRevocation(String keyId, String partnerId, String by, Instant at, String reason) {
        jdbc.update("insert into registry_key_revocation (key_id, partner_id, revoked_at, revoked_by, reason)"
                + " values (?, ?, ?, ?, ?)", keyId, partnerId, Timestamp.from(at), by, reason);
    }

    int updateStatus(String partnerId, boolean suspended, String by, Instant at, String reason) {
        return jdbc.update("update registry_partner_status set suspended = ?, changed_at = ?, changed_by = ?,"
                + " reason = ? where partner_id = ?", suspended, Timestamp.from(at), by, reason, partnerId);
    }

    void insertStatus(String partnerId, boolean suspended, String by, Instant at, String reason) {
        jdbc.update("insert into registry_partner_status (partner_id, suspended, changed_at, changed_by, reason)"
                + " values (?, ?, ?, ?, ?)", partnerId, suspended, Timestamp.from(at), by, reason);
    }

    private static PartnerConfig partner(ResultSet rs, int row) throws SQLException {
        return new PartnerConfig(rs.getString("partner_id"), rs.getString("name"),
                PartnerType.valueOf(rs.getString("partner_type")), split(rs.getString("regions")),
                split(rs.getString("scopes")), rs.getInt("rate_limit_per_second"), true, null,
                rs.getString("webhook_url"), null, rs.getString("uscc"));
    }

    private static KeyConfig key(ResultSet rs) throws SQLException {
        return new KeyConfig(rs.getString("key_id"), rs.getString("algorithm"), null,
                rs.getString("public_key_pem"), instant(rs.getTimestamp("not_before")),
                instant(rs.getTimestamp("not_after")));
    }

    private static List<String> split(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
