package cn.smedt.hub.federation;

import cn.smedt.hub.kernel.AssessorQualification;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.WriteRouter.Acting;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The on-behalf-of assertion of a forwarded call ({@code Hub-On-Behalf-Of}): the partner who made the call at the
 * first node, as that node knows it (id, type, regions, scopes, rate limit, webhook, qualification, an enterprise's
 * USCC), and the hub
 * nodes the call passed, as base64url of JSON. The forwarding node's request signature covers the header, so the
 * assertion is the forwarding node's word; the receiving node takes it only from its parent or a child
 * ({@link FederationRouter#actingFor}).
 */
@Component
class OnBehalfOf {

    /**
     * The assertion as sent.
     *
     * @param partner the partner's id, as in its registry
     * @param name    its display name
     * @param type    its type
     * @param regions the regions it may act in
     * @param scopes  its scopes
     * @param rateLimitPerSecond its request budget per second
     * @param webhookUrl where its decisions are delivered, or null
     * @param qualification an assessor's qualification, or null
     * @param uscc    an enterprise acting for itself (type ENTERPRISE): its USCC, else null
     * @param via     the hub nodes the call passed, the sender of this assertion last
     */
    record Assertion(String partner, String name, PartnerType type, Set<String> regions, Set<String> scopes,
                     int rateLimitPerSecond, String webhookUrl, AssessorQualification qualification, String uscc,
                     List<String> via) {
    }

    private final ObjectMapper json;
    private final String nodeName;

    OnBehalfOf(ObjectMapper json, @org.springframework.beans.factory.annotation.Value("${hub.node.name}")
            String nodeName) {
        this.json = json;
        this.nodeName = nodeName;
    }

    /** The header value for a call this node forwards: {@code acting}'s partner, via the nodes so far and this. */
    String encode(Acting acting) {
        Partner p = acting.partner();
        List<String> via = new ArrayList<>(acting.via());
        via.add(nodeName);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(new Assertion(
                    p.id(), p.name(), p.type(), p.regions(), p.scopes(), p.rateLimitPerSecond(), p.webhookUrl(),
                    p.qualification(), p.uscc(), via)));
        } catch (IOException e) {
            throw new FederationException("cannot write the on-behalf-of assertion of " + p.id(), e);
        }
    }

    /** The partner and hops of an assertion that {@code sender} signed; its last hop must be the sender. */
    Acting decode(String header, String sender) {
        Assertion assertion;
        try {
            assertion = json.readValue(Base64.getUrlDecoder().decode(header), Assertion.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.ON_BEHALF_OF_DENIED, "the on-behalf-of assertion of hub " + sender
                    + " is not base64url JSON of a partner: " + e.getMessage());
        }
        if (assertion.partner() == null || assertion.type() == null || assertion.via() == null
                || assertion.via().isEmpty() || !sender.equals(assertion.via().get(assertion.via().size() - 1))) {
            throw new ProblemException(ProblemCode.ON_BEHALF_OF_DENIED, "the on-behalf-of assertion of hub " + sender
                    + " names no partner, or passed other nodes than " + sender + " last");
        }
        Partner partner = new Partner(assertion.partner(), assertion.name(), assertion.type(),
                assertion.regions() == null ? Set.of() : Set.copyOf(assertion.regions()),
                assertion.scopes() == null ? Set.of() : Set.copyOf(assertion.scopes()),
                assertion.rateLimitPerSecond(), assertion.webhookUrl(), assertion.qualification(), assertion.uscc());
        return new Acting(partner, assertion.via());
    }
}
