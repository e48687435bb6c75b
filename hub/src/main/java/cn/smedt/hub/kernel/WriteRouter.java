package cn.smedt.hub.kernel;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.RecordRegions.RecordRegion;
import java.util.Optional;

/**
 * Decides whether a write that reached this node's gateway belongs to another hub node of the federation, and
 * carries it there (the one extension point of federation in the gateway). The gateway checks that the partner may
 * act in the record's region before it forwards.
 */
public interface WriteRouter {

    /**
     * The node that owns the record of this write, or empty when this node handles it itself.
     *
     * @param region where the record lies, as the gateway resolved it ({@link RecordRegions})
     */
    Optional<Route> route(ContractOperation operation, RecordRegion region);

    /**
     * Sends the write to the node of {@code route} and answers what it answered.
     *
     * @param route          where it goes
     * @param rawBody        the request body as received
     * @param path           the request path (and query) to call on the owning node
     * @param partner        the partner that sent the request to this node
     * @param idempotencyKey the partner's Idempotency-Key
     */
    ForwardedReply forward(Route route, byte[] rawBody, String contentType, String path, Partner partner,
                           String idempotencyKey);

    /**
     * Where a write goes.
     *
     * @param region  the record's region (from the body, the enterprise registry or the USCC's region digits)
     * @param pointer JSON pointer of the field the region came from
     * @param hubId   the node that owns it
     */
    record Route(String region, String pointer, String hubId) {
    }

    /**
     * What the owning node answered.
     *
     * @param status      HTTP status
     * @param contentType its Content-Type
     * @param body        its body
     * @param node        the node that answered (hub id)
     */
    record ForwardedReply(int status, String contentType, byte[] body, String node) {
    }
}
