package cn.smedt.hub.audit;

import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.Verifiers;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Operations verifyAuditLog (chain what is pending, then walk and check the whole log) and checkpointAuditLog (chain
 * what is pending, then sign the head now).
 */
@Component
public class AuditApi {

    private final DataSource dataSource;
    private final AuditVerifier verifier;
    private final AuditLog log;

    AuditApi(DataSource dataSource, HubIdentity hub, AuditLog log) throws SignatureCheckException {
        this.dataSource = dataSource;
        this.verifier = new AuditVerifier(Verifiers.create(hub.algorithm(), hub.publicKey()));
        this.log = log;
    }

    @PartnerOperation("verifyAuditLog")
    public ApiReply verify(PartnerRequest request) throws SQLException {
        log.chainPending();
        try (Connection connection = dataSource.getConnection()) {
            return ApiReply.ok(verifier.verify(connection));
        }
    }

    @PartnerOperation("checkpointAuditLog")
    public ApiReply checkpoint(PartnerRequest request) {
        return ApiReply.ok(java.util.Map.of("checkpointedUpTo", log.checkpoint()));
    }
}
