package cn.smedt.hub.audit;

import cn.smedt.hub.kernel.AcceptedWriteRecorder;
import cn.smedt.security.digest.DigestAlgorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Every accepted partner write becomes an audit entry, in the write's own transaction: who (and, for a write
 * forwarded by another hub node, that node as {@code via}), which operation, what
 * path, and the body's SM3. The last recorder. The entry is pending until the chainer links it ({@link AuditLog}): the
 * write takes no audit lock.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class AuditedWrites implements AcceptedWriteRecorder {

    private final AuditLog log;
    private final ObjectMapper json;

    AuditedWrites(AuditLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    @Override
    public void record(String partnerId, String operationId, String path, int status, String idempotencyKey,
                       byte[] body) {
        record(partnerId, null, operationId, path, status, idempotencyKey, body);
    }

    @Override
    public void record(String partnerId, String via, String operationId, String path, int status,
                       String idempotencyKey, byte[] body) {
        ObjectNode entry = json.createObjectNode();
        if (via != null) {
            entry.put("via", via);
        }
        String detail = entry.put("status", status).put("idempotencyKey", idempotencyKey)
                .put("bodySm3", HexFormat.of().formatHex(DigestAlgorithm.SM3.digest(body == null ? new byte[0] : body)))
                .put("bodyBytes", body == null ? 0 : body.length).toString();
        log.append(partnerId, operationId, path.length() > 200 ? path.substring(0, 200) : path, detail);
    }
}
