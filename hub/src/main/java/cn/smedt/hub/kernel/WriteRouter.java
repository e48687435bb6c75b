package cn.smedt.hub.kernel;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.RecordRegions.RecordRegion;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a call that reached this node's gateway is about a record another hub node of the federation
 * owns, and carries it there on behalf of the partner who made it (the one extension point of federation in the
 * gateway; writes and reads alike). It also says whom a call from a neighbouring hub node acts for
 * ({@link #actingFor}). The gateway checks that the partner may act in the record's region before it forwards.
 */
public interface WriteRouter {

    /**
     * The header of a call forwarded by a hub node, covered by that node's request signature: who the call acts
     * for and which nodes it passed (docs/federation.md, "Trust model").
     */
    String ON_BEHALF_OF = "Hub-On-Behalf-Of";
    /** The header of an answer to a forwarded call: the node that stored or served the record. */
    String HANDLED_BY = "Hub-Handled-By";

    /**
     * The node that owns the record of this call, or empty when this node handles it itself.
     *
     * @param region where the record lies, as the gateway resolved it ({@link RecordRegions})
     */
    Optional<Route> route(ContractOperation operation, RecordRegion region);

    /**
     * Sends the call to the node of {@code route}, signed by this node, on behalf of {@code acting}, and answers
     * what it answered.
     *
     * @param route          where it goes
     * @param method         the HTTP method
     * @param rawBody        the request body as received
     * @param path           the request path (and query) to call on the owning node
     * @param acting         the partner the call is made for, and the nodes it passed before this one
     * @param idempotencyKey the Idempotency-Key of the call (null for a read)
     */
    ForwardedReply forward(Route route, String method, byte[] rawBody, String contentType, String path,
                           Acting acting, String idempotencyKey);

    /**
     * Whom a call carrying {@link #ON_BEHALF_OF} acts for: the partner named in it, when {@code caller} is a hub
     * node this node trusts for that (its parent or one of its children, type HUB); refused otherwise
     * ({@code on-behalf-of-denied}).
     *
     * @param caller    the hub node whose signature verified (the last hop)
     * @param assertion the header's value
     */
    Acting actingFor(Partner caller, String assertion);

    /**
     * The partner a call is made for.
     *
     * @param partner the partner who made the call at the first node: as this node knows it (its own registry),
     *                else as the forwarding node asserted it
     * @param via     the hub nodes the call passed before reaching this node, in order, the last being the one
     *                that signed it here; empty for a call the partner made here
     */
    record Acting(Partner partner, List<String> via) {

        public Acting {
            via = List.copyOf(via);
        }

        /** A call the partner made to this node itself. */
        public static Acting direct(Partner partner) {
            return new Acting(partner, List.of());
        }

        public boolean forwarded() {
            return !via.isEmpty();
        }

        /** The hub node that forwarded the call here, or null for a direct call. */
        public String hop() {
            return via.isEmpty() ? null : via.get(via.size() - 1);
        }
    }

    /**
     * Where a call goes.
     *
     * @param region  the record's region (from the body, the enterprise registry, the USCC's region digits or a
     *                record id)
     * @param pointer JSON pointer of the field the region came from (or the path parameter's name)
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
     * @param node        the node that stored or served the record (its {@link #HANDLED_BY}, else the next hop)
     * @param replayed    the owner answered a write it had answered before ({@code Idempotent-Replayed})
     */
    record ForwardedReply(int status, String contentType, byte[] body, String node, boolean replayed) {
    }
}
