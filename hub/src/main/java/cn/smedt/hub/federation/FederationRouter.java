package cn.smedt.hub.federation;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerRegistry;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.RecordRegions.RecordRegion;
import cn.smedt.hub.kernel.WriteRouter;
import cn.smedt.hub.regions.RegionDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The routing table of the federation, by region prefix: a call whose record lies in a child's region goes to that
 * child (the most specific wins); one outside this node's own region goes to the parent; the rest stays here. The
 * record's region is resolved by the gateway, with the same rule as its region check ({@link
 * cn.smedt.hub.kernel.RecordRegions}): the operation's region field, the region of the enterprise it names (from
 * this node's registry, else from the USCC's registration-authority digits), or the region a hub record id carries.
 * Forwarded calls are signed by this hub (it is a partner of type HUB at the other node) and carry an on-behalf-of
 * assertion ({@link OnBehalfOf}) covered by that signature, and, for a write, an Idempotency-Key derived from the
 * partner's, so retries stay idempotent end to end. The other way round, {@link #actingFor} trusts an assertion
 * only from this node's parent or one of its children.
 */
@Component
class FederationRouter implements WriteRouter {

    /** Operations about the federation itself: always handled by the node called. */
    static final Set<String> LOCAL_OPERATIONS = Set.of("submitRegionSummary", "rollUpNow");
    private static final Logger LOG = LoggerFactory.getLogger(FederationRouter.class);

    private final FederationProperties props;
    private final RegionDirectory regions;
    private final HubCalls calls;
    private final OnBehalfOf assertions;
    private final PartnerRegistry partners;
    private final String ownRegion;

    FederationRouter(FederationProperties props, RegionDirectory regions, HubCalls calls, OnBehalfOf assertions,
                     PartnerRegistry partners, @Value("${hub.node.region-code}") String ownRegion) {
        this.props = props;
        this.regions = regions;
        this.calls = calls;
        this.assertions = assertions;
        this.partners = partners;
        this.ownRegion = ownRegion;
    }

    @Override
    public Optional<Route> route(ContractOperation operation, RecordRegion region) {
        if (LOCAL_OPERATIONS.contains(operation.operationId())
                || (props.parent() == null && props.children().isEmpty())) {
            return Optional.empty();
        }
        return ownerOf(region.region()).map(link -> new Route(region.region(), region.pointer(), link.hubId()));
    }

    /** The other node that owns records of {@code region}, or empty when this node does. */
    Optional<FederationProperties.Link> ownerOf(String region) {
        FederationProperties.Link child = null;
        for (FederationProperties.Link candidate : props.children()) {
            if (regions.within(region, candidate.region()) && (child == null
                    || regions.within(candidate.region(), child.region()))) {
                child = candidate;
            }
        }
        if (child != null) {
            return Optional.of(child);
        }
        if (!regions.within(region, ownRegion) && props.parent() != null) {
            return Optional.of(props.parent());
        }
        return Optional.empty();
    }

    @Override
    public ForwardedReply forward(Route route, String method, byte[] rawBody, String contentType, String path,
                                  Acting acting, String idempotencyKey) {
        FederationProperties.Link link = link(route.hubId());
        Partner partner = acting.partner();
        Map<String, String> headers = idempotencyKey == null ? Map.of()
                : Map.of("Idempotency-Key", forwardedKey(partner.id(), idempotencyKey));
        HubCalls.Answer answer = calls.send(link, method, path, contentType == null ? "application/json"
                : contentType, rawBody, headers, Map.of(ON_BEHALF_OF, assertions.encode(acting)));
        String node = answer.handledBy() != null ? answer.handledBy() : link.hubId();
        LOG.info("{} of {} (via {}) for region {} forwarded to {}, handled by {}: {}", method, partner.id(),
                acting.via(), route.region(), link.hubId(), node, answer.status());
        return new ForwardedReply(answer.status(), answer.contentType(), answer.body(), node, answer.replayed());
    }

    @Override
    public Acting actingFor(Partner caller, String assertion) {
        if (caller.type() != PartnerType.HUB || !neighbour(caller.id())) {
            throw new ProblemException(ProblemCode.ON_BEHALF_OF_DENIED, "partner " + caller.id() + " is not the"
                    + " parent or a child of this hub node: it may not call on behalf of another partner");
        }
        Acting asserted = assertions.decode(assertion, caller.id());
        Partner known = partners.partner(asserted.partner().id()).orElse(asserted.partner());
        return new Acting(known, asserted.via());
    }

    private boolean neighbour(String hubId) {
        return (props.parent() != null && props.parent().hubId().equals(hubId))
                || props.children().stream().anyMatch(child -> child.hubId().equals(hubId));
    }

    private FederationProperties.Link link(String hubId) {
        if (props.parent() != null && props.parent().hubId().equals(hubId)) {
            return props.parent();
        }
        return props.children().stream().filter(child -> child.hubId().equals(hubId)).findFirst()
                .orElseThrow(() -> new FederationException("no federation link to hub " + hubId, null));
    }

    /** The partner's key made unique per partner at the other node (where every forwarded write comes from us). */
    static String forwardedKey(String partnerId, String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((partnerId + "\n" + key)
                    .getBytes(StandardCharsets.UTF_8));
            return "fwd:" + HexFormat.of().formatHex(hash, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new FederationException("SHA-256 is not available", e);
        }
    }
}
