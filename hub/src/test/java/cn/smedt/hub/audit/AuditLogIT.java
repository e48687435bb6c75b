package cn.smedt.hub.audit;

import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.security.keys.PemKeys;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tamper-evident audit log (issue 7): every accepted write is an entry of an SM3 hash chain, checkpoints are
 * signed by the hub key, and the verifier (admin API and offline command) names the first entry that was changed,
 * removed, re-linked or cut off, and a forged checkpoint.
 */
@HubIT
class AuditLogIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubIdentity hub;

    @Autowired
    AuditLog auditLog;

    @Value("${spring.datasource.url}")
    String jdbcUrl;

    private String base;

    private JsonNode verify() throws Exception {
        return SignedCall.get(base, "/api/v1/audit/verification").by(GOV_ZZ.signer()).send().json();
    }

    private void assertTampered(String reason, long seq) throws Exception {
        JsonNode report = verify();
        assertThat(report.path("ok").asBoolean()).as(report.toString()).isFalse();
        assertThat(report.path("reason").asText()).isEqualTo(reason);
        assertThat(report.path("firstBadSeq").asLong()).isEqualTo(seq);
    }

    @Test
    void acceptedWritesAreChainedAndEveryKindOfTamperingIsFound(@TempDir Path dir) throws Exception {
        base = HubNode.url(port);
        for (int i = 1; i <= 5; i++) {
            String uscc = "91410181MA000A00" + i;
            uscc += Uscc.checkCharacter(uscc);
            assertThat(SignedCall.post(base, "/api/v1/enterprises", """
                    {"uscc":"%s","name":"审计测试企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                     "scale":"ABOVE_DESIGNATED_SIZE","pilot":true}""".formatted(uscc)).by(GOV_ZZ.signer()).send()
                    .status()).isEqualTo(201);
        }
        auditLog.chainPending();
        assertThat(jdbc.queryForObject("select count(*) from audit_entry where action = 'registerEnterprise'"
                + " and actor = 'gov-zz'", Long.class)).isEqualTo(5);
        JsonNode checkpoint = SignedCall.post(base, "/api/v1/audit/checkpoints", "{}").by(GOV_ZZ.signer()).send()
                .json();
        long head = checkpoint.path("checkpointedUpTo").asLong();
        assertThat(head).isEqualTo(5);
        assertThat(verify().path("ok").asBoolean()).isTrue();

        // an entry's detail changed
        Map<String, Object> second = jdbc.queryForMap("select * from audit_entry where seq = 2");
        jdbc.update("update audit_entry set detail = '{\"status\":201}' where seq = 2");
        assertTampered("hash-mismatch", 2);
        // ... with its hash recomputed to match: the next entry's link breaks
        String forged = AuditChain.hash(2, jdbc.queryForObject("select at from audit_entry where seq = 2",
                        java.time.OffsetDateTime.class).toInstant(),
                (String) second.get("ACTOR"), (String) second.get("ACTION"), (String) second.get("SUBJECT"),
                "{\"status\":201}", ((String) second.get("PREV_HASH")).trim());
        jdbc.update("update audit_entry set hash = ? where seq = 2", forged);
        assertTampered("chain-broken", 3);
        restore(second);
        assertThat(verify().path("ok").asBoolean()).isTrue();

        // an entry removed from the middle
        jdbc.update("delete from audit_entry where seq = 3");
        assertTampered("sequence-gap", 3);
        restore(Map.of());
        jdbc.update("insert into audit_entry select * from audit_entry_backup where seq = 3");
        assertThat(verify().path("ok").asBoolean()).isTrue();

        // the tail cut off below the last checkpoint (entry 6 is the audited checkpoint request itself)
        jdbc.update("delete from audit_entry where seq >= 5");
        assertTampered("truncated-after-checkpoint", 5);
        jdbc.update("insert into audit_entry select * from audit_entry_backup where seq >= 5");

        // a forged checkpoint
        String signature = jdbc.queryForObject("select signature from audit_checkpoint where up_to_seq = 5",
                String.class);
        jdbc.update("update audit_checkpoint set head_hash = ? where up_to_seq = 5", "0".repeat(64));
        assertTampered("checkpoint-signature-invalid", 5);
        jdbc.update("update audit_checkpoint set head_hash = (select hash from audit_entry where seq = 5),"
                + " signature = ? where up_to_seq = 5", signature);
        assertThat(verify().path("ok").asBoolean()).isTrue();

        // the offline command agrees
        Path key = Files.writeString(dir.resolve("hub-public.pem"), PemKeys.toPem(hub.publicKey()));
        String[] args = {jdbcUrl, "hub", "", key.toString(), hub.algorithm().token()};
        assertThat(AuditVerifyCommand.run(args)).isZero();
        jdbc.update("update audit_entry set actor = 'someone-else' where seq = 4");
        assertThat(AuditVerifyCommand.run(args)).isEqualTo(1);
    }

    /** Puts back an entry saved before tampering; keeps a backup copy of the table for later restores. */
    private void restore(Map<String, Object> entry) {
        if (jdbc.queryForObject("select count(*) from information_schema.tables where lower(table_name) ="
                + " 'audit_entry_backup'", Long.class) == 0) {
            jdbc.execute("create table audit_entry_backup as select * from audit_entry");
        }
        if (!entry.isEmpty()) {
            jdbc.update("update audit_entry set detail = ?, hash = ? where seq = ?", entry.get("DETAIL"),
                    entry.get("HASH"), entry.get("SEQ"));
            jdbc.update("update audit_entry_backup set detail = ?, hash = ? where seq = ?", entry.get("DETAIL"),
                    entry.get("HASH"), entry.get("SEQ"));
        }
    }
}
