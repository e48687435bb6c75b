package cn.smedt.hub.devices;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.storage.RaceFreeWrites;
import cn.smedt.hub.messaging.BrokerClient;
import cn.smedt.hub.messaging.BrokerClientAuthenticator;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * MQTT credentials of an enterprise's devices: one user per enterprise (its USCC), whose devices may only publish
 * under {@code smedt/<uscc>/}. Issued (and rotated) by operation issueDeviceCredentials; the password is answered
 * once and only its salted PBKDF2-HMAC-SHA256 hash is stored. The broker asks {@link #authenticate} on connect.
 * Over mutual TLS a device may instead show a client certificate of the devices' CA whose subject names the
 * enterprise ({@code O=<uscc>}) and the device ({@code CN=<deviceId>}): it may then publish to that one device's
 * topic only (docs/security-transport.md).
 */
@Component
public class DeviceCredentials implements BrokerClientAuthenticator {

    static final int ITERATIONS = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCredentials.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final EnterpriseRegistry enterprises;
    private final Clock clock;
    private final RaceFreeWrites writes;

    DeviceCredentials(JdbcTemplate jdbc, EnterpriseRegistry enterprises, Clock clock, RaceFreeWrites writes) {
        this.jdbc = jdbc;
        this.enterprises = enterprises;
        this.clock = clock;
        this.writes = writes;
    }

    /** Issues new credentials for an enterprise in the partner's regions; earlier ones stop working. */
    @Transactional
    @PartnerOperation("issueDeviceCredentials")
    public ApiReply issue(PartnerRequest request) {
        String uscc = request.pathParam("uscc");
        Partner partner = request.partner();
        Enterprise enterprise = enterprises.visibleTo(uscc, partner);
        String password = issueFor(enterprise.uscc(), partner.id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("uscc", enterprise.uscc());
        answer.put("username", enterprise.uscc());
        answer.put("password", password);
        answer.put("topic", "smedt/" + enterprise.uscc() + "/+/telemetry");
        answer.put("issuedAt", clock.instant().toString());
        return ApiReply.created(answer);
    }

    /** Issues new credentials for a registered enterprise and answers the password (for the demo and tests). */
    @Transactional
    public String issueFor(String uscc, String issuedBy) {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Instant now = clock.instant();
        String hash = HexFormat.of().formatHex(hash(password, salt, ITERATIONS));
        String saltHex = HexFormat.of().formatHex(salt);
        // replaces the earlier credentials; two first issues at once leave one (the later update wins)
        writes.upsert(() -> jdbc.update("update device_credential set password_hash = ?, salt = ?, iterations = ?,"
                        + " issued_at = ?, issued_by = ? where uscc = ?", hash, saltHex, ITERATIONS,
                        Timestamp.from(now), issuedBy, uscc),
                () -> jdbc.update("insert into device_credential (uscc, password_hash, salt, iterations, issued_at,"
                        + " issued_by) values (?, ?, ?, ?, ?, ?)", uscc, hash, saltHex, ITERATIONS,
                        Timestamp.from(now), issuedBy));
        LOG.info("device credentials for {} issued by {}", uscc, issuedBy);
        return password;
    }

    @Override
    public Optional<BrokerClient> authenticate(String user, String password) {
        if (user == null || password == null || !Uscc.isValid(user)) {
            return Optional.empty();
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select password_hash, salt, iterations from device_credential where uscc = ?", user);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        byte[] expected = HexFormat.of().parseHex((String) row.get("password_hash"));
        byte[] actual = hash(password, HexFormat.of().parseHex((String) row.get("salt")),
                ((Number) row.get("iterations")).intValue());
        return MessageDigest.isEqual(expected, actual)
                ? Optional.of(new BrokerClient(user, "smedt." + user + ".*.telemetry")) : Optional.empty();
    }

    /**
     * A device certificate (trusted by the handshake) bound to its enterprise and device by its subject: {@code O} the
     * registered enterprise's USCC, {@code CN} the device id; it may publish to {@code smedt/<uscc>/<deviceId>/telemetry}
     * only. Anything else (no or several O/CN, an invalid USCC or device id, an enterprise not registered) is refused.
     */
    @Override
    public Optional<BrokerClient> authenticate(X509Certificate certificate) {
        String uscc;
        String deviceId;
        try {
            LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
            uscc = single(subject, "O");
            deviceId = single(subject, "CN");
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        if (uscc == null || deviceId == null || !Uscc.isValid(uscc)
                || !DeviceTelemetry.DEVICE_ID.matcher(deviceId).matches()
                || enterprises.find(uscc).isEmpty()) {
            LOG.warn("device certificate refused: subject {} does not name a registered enterprise (O=<uscc>) and a"
                    + " device id (CN)", certificate.getSubjectX500Principal().getName());
            return Optional.empty();
        }
        return Optional.of(new BrokerClient(uscc + "/" + deviceId, "smedt." + uscc + "." + deviceId + ".telemetry"));
    }

    /** The value of the one attribute {@code type} of a name, or null when it has none or several. */
    private static String single(LdapName name, String type) {
        List<String> values = name.getRdns().stream().filter(rdn -> rdn.getType().equalsIgnoreCase(type))
                .map(Rdn::getValue).map(String::valueOf).toList();
        return values.size() == 1 ? values.get(0) : null;
    }

    private static byte[] hash(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new DeviceSetupException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }
}
