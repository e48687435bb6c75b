package cn.smedt.hub.audit;

import cn.smedt.hub.gateway.AcceptedWriteListener;
import cn.smedt.security.digest.DigestAlgorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/** Every accepted partner write becomes an audit entry: who, which operation, what path, and the body's SM3. */
@Component
class AuditedWrites implements AcceptedWriteListener {

    private final AuditLog log;
    private final ObjectMapper json;

    AuditedWrites(AuditLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    @Override
    public void accepted(String partnerId, String operationId, String path, int status, String idempotencyKey,
                         byte[] body) {
        String detail = json.createObjectNode().put("status", status).put("idempotencyKey", idempotencyKey)
                .put("bodySm3", HexFormat.of().formatHex(DigestAlgorithm.SM3.digest(body == null ? new byte[0] : body)))
                .put("bodyBytes", body == null ? 0 : body.length).toString();
        log.append(partnerId, operationId, path.length() > 200 ? path.substring(0, 200) : path, detail);
    }
}
