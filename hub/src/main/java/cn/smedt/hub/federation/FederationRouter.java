package cn.smedt.hub.federation;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.RecordRegions.RecordRegion;
import cn.smedt.hub.kernel.WriteRouter;
import cn.smedt.hub.regions.RegionDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The routing table of the federation, by region prefix: a write whose record lies in a child's region goes to that
 * child (the most specific wins); one outside this node's own region goes to the parent; the rest stays here. The
 * record's region is resolved by the gateway, with the same rule as its region check ({@link
 * cn.smedt.hub.kernel.RecordRegions}): the operation's region field, or the region of the enterprise it names (from
 * this node's registry, else from the USCC's registration-authority digits). Forwarded writes are signed by this
 * hub (it is a partner of type HUB at the other node), carry {@code Hub-On-Behalf-Of} and an Idempotency-Key derived
 * from the partner's, so retries stay idempotent end to end.
 */
@Component
class FederationRouter implements WriteRouter {

    static final String ON_BEHALF_OF = "Hub-On-Behalf-Of";
    /** Operations about the federation itself: always handled by the node called. */
    static final java.util.Set<String> LOCAL_OPERATIONS = java.util.Set.of("submitRegionSummary", "rollUpNow");
    private static final Logger LOG = LoggerFactory.getLogger(FederationRouter.class);

    private final FederationProperties props;
    private final RegionDirectory regions;
    private final HubCalls calls;
    private final String ownRegion;

    FederationRouter(FederationProperties props, RegionDirectory regions, HubCalls calls,
                     @Value("${hub.node.region-code}") String ownRegion) {
        this.props = props;
        this.regions = regions;
        this.calls = calls;
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
    public ForwardedReply forward(Route route, byte[] rawBody, String contentType, String path, Partner partner,
                                  String idempotencyKey) {
        FederationProperties.Link link = link(route.hubId());
        HubCalls.Answer answer = calls.post(link, path, contentType == null ? "application/json" : contentType,
                rawBody, Map.of("Idempotency-Key", forwardedKey(partner.id(), idempotencyKey),
                        ON_BEHALF_OF, partner.id()));
        LOG.info("write of {} for region {} forwarded to {}: {}", partner.id(), route.region(), link.hubId(),
                answer.status());
        return new ForwardedReply(answer.status(), answer.contentType(), answer.body(), link.hubId());
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
